package dev.shipproof.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc/self/stat}: this process's own, and that of its children that have
 * been waited for (the git CLI and whatever git itself ran). On a machine shared with other work
 * the CPU time of a step moves far less than its wall time.
 */
final class CpuTime {
  /** Clock ticks per second; 100 on Linux. */
  private static final double HZ = 100.0;

  private CpuTime() {}

  /** {self user+system, reaped children user+system} in clock ticks; zeros when unavailable. */
  static long[] read() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime, stime, cutime, cstime are fields 14 to 17, i.e. 11 to 14 after the name.
      return new long[] {
        Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])
      };
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }

  static double ms(long ticks) {
    return ticks * 1000.0 / HZ;
  }
}
