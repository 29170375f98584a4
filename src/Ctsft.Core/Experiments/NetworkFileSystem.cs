namespace Ctsft.Experiments;

/// <summary>
/// Whether a folder is on a network file system (from /proc/mounts), where SQLite's write-ahead log cannot work
/// (it needs shared memory between the writers): the store then uses SQLite's rollback journal with file locks.
/// </summary>
public static class NetworkFileSystem
{
    private static readonly string[] Types = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "lustre", "gpfs", "ceph", "glusterfs", "beegfs", "fuse.sshfs", "9p"];

    public static bool Contains(string folder)
    {
        const string mounts = "/proc/mounts";
        if (!File.Exists(mounts)) return false;
        var full = Path.GetFullPath(folder);
        var best = (Point: "", Type: "");
        foreach (var line in File.ReadLines(mounts))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3) continue;
            var point = fields[1].Replace("\\040", " ");
            var under = full == point || full.StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (under && point.Length >= best.Point.Length) best = (point, fields[2]);
        }
        return Types.Contains(best.Type);
    }
}
