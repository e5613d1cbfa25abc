namespace Orleans.Video.Grains;

/// <summary>
/// Starts work that outlives the call starting it (a decoder, a grain timer) without the call's execution context:
/// its trace (the HTTP request that added a camera) and request context would otherwise go on with every frame,
/// for as long as the camera runs.
/// </summary>
internal static class Untraced
{
    public static void Start(Action start)
    {
        using (ExecutionContext.SuppressFlow())
        {
            start();
        }
    }

    public static T Start<T>(Func<T> start)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return start();
        }
    }
}
