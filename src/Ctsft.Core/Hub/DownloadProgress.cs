namespace Ctsft.Hub;

/// <summary>How far the download of one file of a repository has come.</summary>
public readonly record struct DownloadProgress(string File, long BytesDone, long TotalBytes);
