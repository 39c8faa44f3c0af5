using System.Buffers.Binary;
using System.IO.Compression;

namespace ClusterSim.Analysis.Tests.Charts;

/// <summary>
/// An independent PNG reader (no imaging library): checks the signature, every chunk's CRC-32, the
/// IHDR header, and that the zlib-compressed pixel data inflates to exactly the size the header
/// implies (one filter byte plus width x bytes-per-pixel per row).
/// </summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static (int Width, int Height) Check(byte[] png)
    {
        Assert.True(png.Length > Signature.Length && png.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature missing");
        var chunks = new List<string>();
        var idat = new MemoryStream();
        int width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
        var at = 8;
        while (at < png.Length)
        {
            Assert.True(at + 12 <= png.Length, "truncated chunk header");
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            Assert.True(length >= 0 && at + 12 + length <= png.Length, $"chunk {type} runs past the end");
            var data = png.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(crc, Crc32(png.AsSpan(at + 4, 4 + length)));
            chunks.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(13, length);
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                bitDepth = data[8];
                colorType = data[9];
                interlace = data[12];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.Contains("IDAT", chunks);
        Assert.Equal(8, bitDepth);
        Assert.Equal(0, interlace);
        var channels = colorType switch
        {
            0 => 1, // grey
            2 => 3, // RGB
            4 => 2, // grey + alpha
            6 => 4, // RGBA
            _ => throw new Xunit.Sdk.XunitException($"unexpected PNG colour type {colorType}"),
        };

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        Assert.Equal((long)height * (1 + ((long)width * channels)), inflated.Length);
        return (width, height);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        // CRC-32 as the PNG specification defines it (polynomial 0xEDB88320, reflected).
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
