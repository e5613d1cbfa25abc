namespace Orleans.Video.Client;

/// <summary>
/// TLS between silos and between clients and gateways (silos: section "Silo:Tls"; the CLI: <c>--tls-*</c>). With a
/// certificate set, every connection is TLS and both ends must show a certificate issued by <see cref="Ca"/>: a
/// client or silo without one cannot connect.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>This end's certificate: a PEM file (its key in <see cref="Key"/>, or in the same file) or a PKCS#12 file (.pfx, .p12).</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="Certificate"/>.</summary>
    public string? Key { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The cluster's CA (PEM, one or more certificates): the other end's certificate must chain to it. Peers are
    /// reached by address, so the chain is what is checked, not a host name.
    /// </summary>
    public string? Ca { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Certificate);

    /// <summary>What is wrong with the settings (the key they are read from prefixed), or nothing.</summary>
    public IEnumerable<string> Errors(string prefix)
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(Ca) || !string.IsNullOrWhiteSpace(Key))
            {
                yield return $"{prefix}Certificate is required with {prefix}Ca or {prefix}Key";
            }
            yield break;
        }
        if (!File.Exists(Certificate))
        {
            yield return $"{prefix}Certificate: no file '{Certificate}'";
        }
        if (string.IsNullOrWhiteSpace(Ca))
        {
            yield return $"{prefix}Ca is required with {prefix}Certificate: the CA the other ends' certificates must chain to";
        }
        else if (!File.Exists(Ca))
        {
            yield return $"{prefix}Ca: no file '{Ca}'";
        }
        if (!string.IsNullOrWhiteSpace(Key) && !File.Exists(Key))
        {
            yield return $"{prefix}Key: no file '{Key}'";
        }
    }
}
