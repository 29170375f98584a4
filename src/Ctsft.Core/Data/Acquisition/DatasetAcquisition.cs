namespace Ctsft.Data.Acquisition;

/// <summary><c>ctsft data get</c>: fetches a benchmark dataset into the data directory, or verifies the copy already there.</summary>
public static class DatasetAcquisition
{
    /// <param name="source">NusaX: the base address of the repository's raw files; XNLI: the zip's address. Null: the public source.</param>
    public static Task<AcquisitionReport> GetAsync(DataTask task, string dataDir, Uri? source, HttpClient http,
        Action<string>? log = null, CancellationToken cancellation = default) => task.Key switch
    {
        "nusax" => NusaxAcquisition.GetAsync(dataDir, source, http, log, cancellation),
        "xnli" => XnliAcquisition.GetAsync(dataDir, source, http, log, cancellation),
        _ => throw new BadInputException($"no download is known for task '{task.Key}'"),
    };
}
