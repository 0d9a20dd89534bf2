using OpenH264Build.Engine;

namespace OpenH264Build.Formats;

/// <summary>
/// A signing problem the user can cause: a wrong password, a malformed key, a key that is not the release key.
/// Messages never quote key material or the password, and no inner exception is kept, because the engine
/// writes the whole exception chain to the log file.
/// </summary>
public sealed class SigningFailure(string message) : BuildFailure(message);

/// <summary>A downloaded release that does not check out: the message names the file and, for a digest, both
/// values.</summary>
public sealed class VerificationFailure(string message, string? file = null) : BuildFailure(message, file);
