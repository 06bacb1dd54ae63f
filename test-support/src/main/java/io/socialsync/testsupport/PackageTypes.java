package io.socialsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The top-level and nested classes of one package, read from the folder or jar its anchor class was loaded from.
 * Lets a test say "every record of this package is registered for reflection" without naming them twice.
 */
public final class PackageTypes {

    private PackageTypes() {
    }

    /** Every class of {@code anchor}'s package in {@code anchor}'s code source (not its sub-packages). */
    public static List<Class<?>> besides(Class<?> anchor) {
        String packagePath = anchor.getPackageName().replace('.', '/');
        try {
            Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                return classesIn(source.resolve(packagePath), anchor);
            }
            try (FileSystem jar = FileSystems.newFileSystem(source, Map.of())) {
                return classesIn(jar.getPath(packagePath), anchor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> classesIn(Path folder, Class<?> anchor) throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".class")).toList()) {
                String simple = file.getFileName().toString().replaceFirst("\\.class$", "");
                if (simple.equals("package-info") || simple.equals("module-info")) {
                    continue;
                }
                try {
                    classes.add(Class.forName(anchor.getPackageName() + "." + simple, false,
                            anchor.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return classes;
    }
}
