using System.Text;
using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>
/// Decodes RFC 2047 encoded words (<c>=?UTF-8?q?Ren=C3=A9?=</c>, <c>=?UTF-8?B?...?=</c>), which git format-patch
/// writes for a <c>From:</c> or <c>Subject:</c> that is not plain ASCII. Whitespace between two encoded words
/// is dropped, as the RFC says; a word in an unknown charset is left as it is.
/// </summary>
public static partial class MimeEncodedWords
{
    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal)) return value;
        var joined = BetweenWords().Replace(value, "$1$2");
        return EncodedWord().Replace(joined, m =>
        {
            Encoding encoding;
            try { encoding = Encoding.GetEncoding(m.Groups["charset"].Value); }
            catch (ArgumentException) { return m.Value; }
            var text = m.Groups["text"].Value;
            var bytes = m.Groups["kind"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? TryBase64(text)
                : QuotedPrintable(text.Replace('_', ' '));
            return bytes is null ? m.Value : encoding.GetString(bytes);
        });
    }

    private static byte[]? TryBase64(string text)
    {
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { return null; }
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return bytes.ToArray();
    }

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<kind>[QqBb])\?(?<text>[^?\s]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(\?=)\s+(=\?)")]
    private static partial Regex BetweenWords();
}
