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
    if (isBlob(path)) {
      try {
        Store store = Store.of(fs, path);
        return new BlobStream((DataOutputStream) store.call(store.method("storefile", String.class,
            store.type("org.apache.hadoop.fs.permission.PermissionStatus"), String.class), store.key, store.owner(), store.key));
      } catch (ReflectiveOperationException | ClassCastException e) {
        LOG.warn("Writing {} through the file system's create: the WASB driver's store is not reachable ({})",
            path, e.toString());
      }
    }
    return fs.create(path, FileSystem.WriteMode.NO_OVERWRITE);
  }

  /**
   * Whether {@code path} is on Blob storage and its driver's store is reachable: then
   * {@link #createIfAbsent} is one conditional request.
   */
  public static boolean isBlob(Path path) {
    String scheme = path.toUri().getScheme();
    return "wasb".equals(scheme) || "wasbs".equals(scheme);
  }

  /**
   * Creates the blob {@code path} holding {@code content} only if there is none, in one Put Blob
   * request with {@code If-None-Match: *}: the service decides, so of writers racing for one name
   * exactly one wins (the WASB driver's own create checks, then uploads). Returns false if the blob
   * exists.
   */
  public static boolean createIfAbsent(Path path, byte[] content) throws IOException {
    try {
      Store store = Store.of(path.getFileSystem(), path);
      Method reference = store.store.getClass().getDeclaredMethod("getBlobReference", String.class);
      reference.setAccessible(true);
      Object wrapper = store.call(reference, store.key);
      Object blob = store.type("org.apache.hadoop.fs.azure.StorageInterface$CloudBlobWrapper").getMethod("getBlob")
          .invoke(wrapper);
      Class<?> condition = store.type("com.microsoft.azure.storage.AccessCondition");
      Method upload = blob.getClass().getMethod("upload", java.io.InputStream.class, long.class, condition,
          store.type("com.microsoft.azure.storage.blob.BlobRequestOptions"),
          store.type("com.microsoft.azure.storage.OperationContext"));
      try {
        store.call(blob, upload, new java.io.ByteArrayInputStream(content),
            (long) content.length, condition.getMethod("generateIfNotExistsCondition").invoke(null), null, null);
        return true;
      } catch (IOException e) {
        if (httpStatus(e.getCause()) == 409 || httpStatus(e.getCause()) == 412) {
          return false; // BlobAlreadyExists, or the condition failed
        }
        throw e;
      }
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IOException("cannot create " + path + " exclusively: the WASB driver's store is not reachable", e);
    }
  }

  private static int httpStatus(Throwable storageException) {
    try {
      return (int) storageException.getClass().getMethod("getHttpStatusCode").invoke(storageException);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  /** The WASB driver's store behind Flink's wrappers (the plugin's class loader, the safety net), and a path's key in it. */
  private record Store(Object store, String key, ClassLoader loader) {
    static Store of(FileSystem flinkFs, Path path) throws ReflectiveOperationException, IOException {
      Object inner = flinkFs;
      while (inner instanceof WrappingProxy<?> proxy) {
        inner = proxy.getWrappedDelegate();
      }
      Object hadoopFs = inner.getClass().getMethod("getHadoopFileSystem").invoke(inner);
      ClassLoader loader = hadoopFs.getClass().getClassLoader();
      Class<?> nativeAzure = Class.forName("org.apache.hadoop.fs.azure.NativeAzureFileSystem", false, loader);
      Class<?> hadoopPath = Class.forName("org.apache.hadoop.fs.Path", false, loader);
      if (!nativeAzure.isInstance(hadoopFs)) {
        throw new ClassNotFoundException("not the WASB driver: " + hadoopFs.getClass().getName());
      }
      Object absolute = nativeAzure.getMethod("makeAbsolute", hadoopPath)
          .invoke(hadoopFs, hadoopPath.getConstructor(URI.class).newInstance(path.toUri()));
      String key = (String) nativeAzure.getMethod("pathToKey", hadoopPath).invoke(hadoopFs, absolute);
      return new Store(nativeAzure.getMethod("getStore").invoke(hadoopFs), key, loader);
    }

    Class<?> type(String name) throws ClassNotFoundException {
      return Class.forName(name, false, loader);
    }

    Method method(String name, Class<?>... parameters) throws NoSuchMethodException {
      return store.getClass().getMethod(name, parameters);
    }

    /** The file's owner as the driver records it. */
    Object owner() throws ReflectiveOperationException {
      Class<?> permission = type("org.apache.hadoop.fs.permission.FsPermission");
      return type("org.apache.hadoop.fs.permission.PermissionStatus").getConstructor(String.class, String.class, permission)
          .newInstance(System.getProperty("user.name"), "supergroup", permission.getMethod("getFileDefault").invoke(null));
    }

    Object call(Method method, Object... args) throws ReflectiveOperationException, IOException {
      return call(store, method, args);
    }

    /** Calls into the driver with its class loader as the context's, as the driver expects. */
    Object call(Object target, Method method, Object... args) throws ReflectiveOperationException, IOException {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
      } finally {
        thread.setContextClassLoader(previous);
      }
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
