package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", LocalDiskFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    conf.set("fs.permissions.umask-mode", "022");
    return conf;
  }

  @Test
  void permissionsEqualWhatHadoopsChmodSets() throws IOException {
    FileSystem ours = FileSystem.get(URI.create("file:///"), conf());
    assertInstanceOf(LocalDiskFileSystem.class, ours);
    assertInstanceOf(LocalDiskFileSystem.class, FileSystem.getLocal(conf()));
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(URI.create("file:///"), conf());
    for (short mode : new short[] {0644, 0755, 0600, 0700, 0640, 0604, 0751, 0777, 0444, 0000, 0513}) {
      java.nio.file.Path a = Files.createFile(dir.resolve("a" + mode));
      java.nio.file.Path b = Files.createFile(dir.resolve("b" + mode));
      ours.setPermission(new Path(a.toUri()), new FsPermission(mode));
      hadoops.setPermission(new Path(b.toUri()), new FsPermission(mode)); // forks chmod without libhadoop
      assertEquals(Files.getPosixFilePermissions(b), Files.getPosixFilePermissions(a), "mode " + Integer.toOctalString(mode));
    }
  }

  @Test
  void createsAndMakesDirectoriesUnderTheUmaskAndKeepsChecksums() throws IOException {
    FileSystem fs = FileSystem.get(URI.create("file:///"), conf());
    Path sub = new Path(dir.resolve("x/y").toUri());
    assertTrue(fs.mkdirs(sub, new FsPermission((short) 0777)));
    assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(dir.resolve("x/y")));
    Path file = new Path(sub, "part-0");
    try (OutputStream out = fs.create(file, true)) {
      out.write("twelve bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(dir.resolve("x/y/part-0")));
    // still Hadoop's checksummed local file system: the .crc beside the file, and it verifies on read
    assertTrue(Files.exists(dir.resolve("x/y/.part-0.crc")));
    try (var in = fs.open(file)) {
      assertEquals("twelve bytes", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  @Test
  void smallWritesReachTheDiskInLargeOnes() throws IOException {
    FileSystem fs = FileSystem.get(URI.create("file:///"), conf());
    Path file = new Path(dir.resolve("page").toUri());
    byte[] piece = new byte[4096];
    java.util.Arrays.fill(piece, (byte) 'x');
    int pieces = (LocalDiskFileSystem.WRITE_BUFFER - 1) / piece.length;
    // Parquet's own buffer size; Hadoop's raw file system would pass each 4,608-byte checksummed chunk on
    try (OutputStream out = fs.create(file, true, 4096)) {
      for (int i = 0; i < pieces; i++) {
        out.write(piece);
      }
      assertEquals(0, Files.size(dir.resolve("page")), "bytes written to the file before the buffer filled");
    }
    assertEquals((long) pieces * piece.length, Files.size(dir.resolve("page")));
    try (var in = fs.open(file)) { // the .crc still verifies
      assertEquals(pieces * piece.length, in.readAllBytes().length);
    }
  }
}
