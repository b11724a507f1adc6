package dev.winnow.jobs.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's {@code file:} file system (checksums and all), setting permissions through {@code java.nio}
 * and writing through a buffer of at least {@link #WRITE_BUFFER} bytes.
 * <ul>
 * <li>Without Hadoop's native library, which no Maven artifact ships, {@link RawLocalFileSystem} forks a
 * {@code chmod} process for every file it creates and every directory it makes: about 30 forks of the
 * JVM per score run, 4-5 ms each on the project's machine, a sixth of a small run's time.
 * <li>Parquet creates its files with a 4,096-byte buffer, whatever {@code io.file.buffer.size} says, and the
 * checksum layer hands the raw stream 4,608 bytes at a time, so every 4 KB of Parquet became a write call:
 * about 21,000 for a 87 MB scores file, 0.18-0.25 s per 100 MB written against 0.07-0.13 s in 1 MB writes.
 * </ul>
 * The session's {@code spark.hadoop.fs.file.impl} names this class (see {@code Sessions}).
 */
public final class LocalDiskFileSystem extends LocalFileSystem {
  /** The smallest write buffer of a created file: Parquet's page size, so that a page is one write call. */
  static final int WRITE_BUFFER = 1 << 20;

  public LocalDiskFileSystem() {
    super(new Raw());
  }

  /** The raw local file system, with a {@code setPermission} that needs no process and large write buffers. */
  static final class Raw extends RawLocalFileSystem {
    // the checksum layer creates its data and .crc streams through the overload with a permission
    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
        short replication, long blockSize, Progressable progress) throws IOException {
      return super.create(f, permission, overwrite, Math.max(bufferSize, WRITE_BUFFER), replication, blockSize,
          progress);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
        Progressable progress) throws IOException {
      return super.create(f, overwrite, Math.max(bufferSize, WRITE_BUFFER), replication, blockSize, progress);
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // the sticky bit has no java.nio spelling; Hadoop's native chmod, where loaded, is as fast
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) { // not a POSIX file system (Windows)
        super.setPermission(p, permission);
      }
    }
  }

  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return set;
  }

  private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
      PosixFilePermission write, PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      set.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      set.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      set.add(execute);
    }
  }
}
