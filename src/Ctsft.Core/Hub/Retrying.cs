namespace Ctsft.Hub;

/// <summary>Runs an attempt up to <see cref="HubOptions.MaxAttempts"/> times while it fails transiently, backing off between tries.</summary>
internal static class Retrying
{
    public static async Task<T> RunAsync<T>(HubOptions options, HubFileRequest request, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        var delay = options.RetryDelay;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (TransientHubError.Covers(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attemptNumber >= options.MaxAttempts)
                    throw new HubException(
                        $"Could not download {request} from {options.Endpoint} after {attemptNumber} attempts: {e.Message}",
                        request.Repo, request.File, e);
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
    }
}
