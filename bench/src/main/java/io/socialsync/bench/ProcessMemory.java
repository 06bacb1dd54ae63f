package io.socialsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it in {@code /proc/<pid>/status}; 0 where there is no such file. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM), KiB. */
    static long peakRssKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    /** Resident set size now (VmRSS), KiB. */
    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as 0
        }
        return 0;
    }
}
