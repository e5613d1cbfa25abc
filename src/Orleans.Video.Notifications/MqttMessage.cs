namespace Orleans.Video.Notifications;

/// <summary>One message for the broker. Retained messages are what a new subscriber gets first: states, availability, discovery.</summary>
public sealed record MqttMessage(string Topic, byte[] Payload, bool Retain);
