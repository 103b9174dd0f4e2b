package org.apache.hadoop.io.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Decompression of BROTLI parquet pages. Parquet names this Hadoop codec class for BROTLI, but
 * Hadoop has none; this one, under that name, decodes with Google's pure-Java decoder
 * (org.brotli:dec). The pipeline only reads brotli, so compression is not offered.
 */
public class BrotliCodec implements CompressionCodec {
  @Override
  public CompressionInputStream createInputStream(InputStream in) throws IOException {
    return createInputStream(in, null);
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
    BrotliInputStream brotli = new BrotliInputStream(in);
    return new CompressionInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return brotli.read(b, off, len);
      }

      @Override
      public int read() throws IOException {
        return brotli.read();
      }

      @Override
      public void resetState() {
        throw new UnsupportedOperationException("a brotli stream cannot be reset");
      }

      @Override
      public void close() throws IOException {
        brotli.close();
      }
    };
  }

  /** None: the stream above decodes by itself (parquet asks the pool, which accepts none). */
  @Override
  public Class<? extends Decompressor> getDecompressorType() {
    return null;
  }

  @Override
  public Decompressor createDecompressor() {
    return null;
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out) {
    throw new UnsupportedOperationException("brotli compression is not available, only decompression");
  }

  @Override
  public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) {
    return createOutputStream(out);
  }

  @Override
  public Class<? extends Compressor> getCompressorType() {
    return null;
  }

  @Override
  public Compressor createCompressor() {
    return null;
  }

  @Override
  public String getDefaultExtension() {
    return ".br";
  }
}
