namespace Ctsft.Data.Acquisition;

/// <summary>Downloads whole files; a failed request is reported as bad input naming the address.</summary>
public sealed class HttpFetcher(HttpClient http)
{
    public async Task<byte[]> GetBytesAsync(Uri address, CancellationToken cancellation)
    {
        try
        {
            using var response = await http.GetAsync(address, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new BadInputException(
                    $"{address}: download failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new BadInputException($"{address}: download failed: {e.Message}", e);
        }
    }
}
