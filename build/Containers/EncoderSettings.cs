namespace OpenH264Build.Containers;

/// <summary>The encoder settings the harness passes to InitializeExt.</summary>
public sealed record EncoderSettings(
    int Width,
    int Height,
    double Fps = 30,
    int Bitrate = 400_000,
    int RateControl = 0,
    int Gop = 0,
    int Slices = 1,
    bool Cabac = false,
    int Refs = 1);
