package dev.winnow.jobs.cli;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine a bench ran on, in one line: figures taken on different processors (or collectors) are not
 * comparable, and a VM's processor can change between runs of the same image.
 */
final class Machine {
  private Machine() {
  }

  static String describe() {
    String cpuinfo = "";
    try {
      cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: the line says less
    }
    List<String> collectors = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.add(gc.getName());
    }
    return describe(cpuinfo, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
        System.getProperty("java.version"), collectors, Runtime.getRuntime().maxMemory());
  }

  static String describe(String cpuinfo, int cores, String arch, String java, List<String> collectors, long maxHeap) {
    String model = field(cpuinfo, "model name");
    String family = field(cpuinfo, "cpu family");
    String modelNumber = field(cpuinfo, "model");
    String mhz = field(cpuinfo, "cpu MHz");
    StringBuilder b = new StringBuilder("machine: ");
    b.append(model == null ? arch : model);
    if (family != null && modelNumber != null) {
      b.append(" (family ").append(family).append(", model ").append(modelNumber).append(')');
    }
    b.append(", ").append(cores).append(cores == 1 ? " core" : " cores");
    if (mhz != null) {
      try {
        b.append(String.format(", %.0f MHz", Double.parseDouble(mhz)));
      } catch (NumberFormatException e) {
        // a field we cannot read is left out
      }
    }
    b.append("; Java ").append(java).append(", heap ").append(maxHeap >> 20).append(" MB");
    if (!collectors.isEmpty()) {
      b.append(", collectors ").append(String.join(" + ", collectors));
    }
    return b.toString();
  }

  /** The first processor's value of {@code name} in /proc/cpuinfo ("name<tabs>: value"), or null. */
  private static String field(String cpuinfo, String name) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
        String value = line.substring(colon + 1).strip();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }
}
