#!/usr/bin/python3
# An RTSP camera on loopback for the tests: GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0) sending
# a 640x360 H.264 test picture, a keyframe a second, at rtsp://127.0.0.1:PORT/cam, over one lower transport only:
#   /usr/bin/python3 rtsp-camera.py PORT udp|tcp|udp-400
# With "udp" it answers a client asking for interleaved TCP with 461 Unsupported Transport, as UDP-only cameras do;
# with "udp-400" it answers such a SETUP with 400 Bad Request instead, as some cameras do.
# Prints "ready" once it listens.
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)
port, transport = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    '( videotestsrc is-live=true ! video/x-raw,width=640,height=360,framerate=25/1 '
    '! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96 config-interval=1 )')
factory.set_shared(True)
factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP if transport == 'tcp' else GstRtsp.RTSPLowerTrans.UDP)
server.get_mount_points().add_factory('/cam', factory)


def refuse_tcp_setup(client, context):
    _, header = context.request.get_header(GstRtsp.RTSPHeaderField.TRANSPORT, 0)
    return GstRtsp.RTSPStatusCode.BAD_REQUEST if header and 'TCP' in header.upper() else GstRtsp.RTSPStatusCode.OK


if transport == 'udp-400':
    server.connect('client-connected', lambda _, client: client.connect('pre-setup-request', refuse_tcp_setup))
server.attach(None)
print('ready', flush=True)
GLib.MainLoop().run()
