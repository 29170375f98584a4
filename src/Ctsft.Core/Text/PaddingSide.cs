namespace Ctsft.Text;

/// <summary>Where padding goes in a batch row.</summary>
public enum PaddingSide
{
    Right,
    Left,
}
