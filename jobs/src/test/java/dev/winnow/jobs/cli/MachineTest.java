package dev.winnow.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
  private static final String CPUINFO = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
      + "model name\t: AMD EPYC 7B13\nstepping\t: 0\ncpu MHz\t\t: 2445.404\n\nprocessor\t: 1\n"
      + "model name\t: something else\ncpu MHz\t\t: 1000.0\n";

  @Test
  void readsTheFirstProcessor() {
    assertEquals("machine: AMD EPYC 7B13 (family 25, model 1), 2 cores, 2445 MHz; Java 17.0.15, heap 4096 MB, "
            + "collectors G1 Young Generation + G1 Old Generation",
        Machine.describe(CPUINFO, 2, "amd64", "17.0.15", List.of("G1 Young Generation", "G1 Old Generation"),
            4096L << 20));
  }

  @Test
  void saysLessWithoutCpuinfo() {
    assertEquals("machine: aarch64, 1 core; Java 21, heap 512 MB",
        Machine.describe("", 1, "aarch64", "21", List.of(), 512L << 20));
  }
}
