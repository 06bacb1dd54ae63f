package io.socialsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each party of a benchmark on one machine, read from {@code /proc/<pid>/stat} (user + system
 * time, its own and its finished children's, in clock ticks of 10 ms): the service under test, PostgreSQL (every {@code postgres} process), Redis, and the
 * benchmark's own JVM (the load generator). Where the cores go tells more than a rate alone on a machine where all of
 * them share two cores. On a system without {@code /proc} every figure is 0.
 */
final class CpuShares {

    /** Linux's USER_HZ on every architecture the JDK runs on. */
    private static final double MICROS_PER_TICK = 10_000;

    private final Map<String, Long> pids = new LinkedHashMap<>();

    /** @param serviceName how the service under test is named in the output */
    CpuShares(String serviceName, long servicePid) {
        pids.put(serviceName, servicePid);
    }

    /** CPU ticks used so far, per party. */
    Map<String, Long> sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, ticksOf(pid)));
        long postgres = 0;
        long redis = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String command = read(process.resolve("comm")).trim();
                if (command.equals("postgres") || command.equals("postmaster")) {
                    postgres += ticksOf(Long.parseLong(name));
                } else if (command.startsWith("redis-server")) {
                    // The embedded server's binary is named after its version (redis-server-6.2.6-…).
                    redis += ticksOf(Long.parseLong(name));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: all zeros
        }
        ticks.put("postgres", postgres);
        ticks.put("redis", redis);
        ticks.put("load generator", ticksOf(ProcessHandle.current().pid()));
        return ticks;
    }

    /** "party 12 µs" per unit of work (named by {@code unit}) between two samples, and the cores kept busy. */
    static String perUnit(String unit, Map<String, Long> before, Map<String, Long> after, long units,
            double seconds) {
        StringBuilder line = new StringBuilder("cpu per " + unit + ":");
        long total = 0;
        for (Map.Entry<String, Long> party : after.entrySet()) {
            long used = party.getValue() - before.getOrDefault(party.getKey(), 0L);
            total += used;
            line.append(String.format("  %s %.0f µs", party.getKey(), units == 0 ? 0 : used * MICROS_PER_TICK / units));
        }
        line.append(String.format("   (%.2f cores busy)", total * MICROS_PER_TICK / 1e6 / seconds));
        return line.toString();
    }

    private static long ticksOf(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        int afterName = stat.lastIndexOf(')');
        if (afterName < 0) {
            return 0;
        }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15, and cutime and cstime (16,
        // 17) hold what finished children used: PostgreSQL's backends of closed connections, pgbench.
        String[] fields = stat.substring(afterName + 2).split(" ");
        long ticks = 0;
        for (int field = 11; field <= 14 && field < fields.length; field++) {
            ticks += Long.parseLong(fields[field]);
        }
        return ticks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
