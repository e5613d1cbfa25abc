#!/usr/bin/env bash
# Packs the CLI (src/Orleans.Video.Cli) as a .NET tool and installs it, so `orleans-video` is a command:
# for this user (~/.dotnet/tools) by default, or into VIDEO_TOOL_PATH when that is set.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=${VIDEO_DATA_DIR:-$PWD/.data}/packages
mkdir -p "$packages"
dotnet pack src/Orleans.Video.Cli -c Release -nologo -v quiet -clp:ErrorsOnly -o "$packages" >/dev/null
if [ -n "${VIDEO_TOOL_PATH:-}" ]; then
  where=(--tool-path "$VIDEO_TOOL_PATH")
else
  where=(--global)
fi
# The version stays 0.1.0 from build to build, and NuGet would install its cached copy of an older build: forget
# that copy and the installed tool, then install the package just made.
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
[ -z "$cache" ] || rm -rf "$cache/orleans.video.cli"
dotnet tool uninstall "${where[@]}" Orleans.Video.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" --add-source "$packages" Orleans.Video.Cli >/dev/null
echo "Installed the CLI: orleans-video ($(grep -o '<Version>[^<]*' src/Orleans.Video.Cli/Orleans.Video.Cli.csproj | cut -d'>' -f2))"
if [ -z "${VIDEO_TOOL_PATH:-}" ] && ! command -v orleans-video >/dev/null; then
  echo "Add ~/.dotnet/tools to your PATH to run it: export PATH=\"\$PATH:\$HOME/.dotnet/tools\""
fi
