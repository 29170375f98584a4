namespace Ctsft.Data.Acquisition;

/// <summary>What <c>data get</c> did: the dataset folder, the files fetched and those already there and verified.</summary>
public sealed record AcquisitionReport(string Folder, IReadOnlyList<string> Downloaded, IReadOnlyList<string> AlreadyPresent);
