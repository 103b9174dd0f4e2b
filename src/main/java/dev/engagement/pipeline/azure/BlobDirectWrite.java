package dev.engagement.pipeline.azure;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new data file on Blob storage ({@code wasb://}, {@code wasbs://}) written straight to its
 * blob. The Hadoop WASB driver's create checks the key and each parent folder, renews the
 * parent's last-modified time under a lease, writes an empty blob that links to a temporary one,
 * uploads to that, and copies it into place when the stream closes: about 25 requests a file,
 * and a copy of every byte. A data file of the lake is written once, under a name no other
 * writer uses, and readers find it through the Delta log, so none of that is needed: here its
 * blocks go to the final blob and the block list is committed at close (the blob appears whole
 * or not at all). The driver's own store does it ({@code AzureNativeFileSystemStore.storefile}),
 * with the driver's credentials, retries and emulator settings; its folders stay implicit, as a
 * blob's prefix. Any other file system gets the file system's own create.
 */
public final class BlobDirectWrite {
  private static final Logger LOG = LoggerFactory.getLogger(BlobDirectWrite.class);

  private BlobDirectWrite() {}

  /** Creates {@code path}, which must not exist yet. */
  public static FSDataOutputStream create(Path path) throws IOException {
    FileSystem fs = path.getFileSystem();
    String scheme = path.toUri().getScheme();
    if ("wasb".equals(scheme) || "wasbs".equals(scheme)) {
      try {
        return new BlobStream(storefile(unwrapped(fs), path));
      } catch (ReflectiveOperationException | ClassCastException e) {
        LOG.warn("Writing {} through the file system's create: the WASB driver's store is not reachable ({})",
            path, e.toString());
      }
    }
    return fs.create(path, FileSystem.WriteMode.NO_OVERWRITE);
  }

  /** The file system behind Flink's wrappers (the plugin's class loader, the safety net). */
  private static Object unwrapped(Object fs) {
    Object inner = fs;
    while (inner instanceof WrappingProxy<?> proxy) {
      inner = proxy.getWrappedDelegate();
    }
    return inner;
  }

  /** {@code store.storefile(key, permission, key)} of the driver behind Flink's wrapper, by reflection: it is in the plugin's class loader. */
  private static DataOutputStream storefile(Object flinkFs, Path path) throws ReflectiveOperationException, IOException {
    Object hadoopFs = flinkFs.getClass().getMethod("getHadoopFileSystem").invoke(flinkFs);
    ClassLoader loader = hadoopFs.getClass().getClassLoader();
    Class<?> nativeAzure = Class.forName("org.apache.hadoop.fs.azure.NativeAzureFileSystem", false, loader);
    Class<?> hadoopPath = Class.forName("org.apache.hadoop.fs.Path", false, loader);
    Class<?> permission = Class.forName("org.apache.hadoop.fs.permission.FsPermission", false, loader);
    Class<?> permissionStatus = Class.forName("org.apache.hadoop.fs.permission.PermissionStatus", false, loader);
    if (!nativeAzure.isInstance(hadoopFs)) {
      throw new ClassNotFoundException("not the WASB driver: " + hadoopFs.getClass().getName());
    }
    Object absolute = nativeAzure.getMethod("makeAbsolute", hadoopPath)
        .invoke(hadoopFs, hadoopPath.getConstructor(URI.class).newInstance(path.toUri()));
    String key = (String) nativeAzure.getMethod("pathToKey", hadoopPath).invoke(hadoopFs, absolute);
    Object owner = permissionStatus.getConstructor(String.class, String.class, permission)
        .newInstance(System.getProperty("user.name"), "supergroup", permission.getMethod("getFileDefault").invoke(null));
    Object store = nativeAzure.getMethod("getStore").invoke(hadoopFs);
    Method storefile = store.getClass().getMethod("storefile", String.class, permissionStatus, String.class);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return (DataOutputStream) storefile.invoke(store, key, owner, key);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("could not create " + path, e.getCause());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The blob's stream as Flink's; flush does nothing, as the blob is committed only at close. */
  private static final class BlobStream extends FSDataOutputStream {
    private final DataOutputStream out;
    private long position;

    BlobStream(DataOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() {}

    @Override
    public void sync() {}

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
