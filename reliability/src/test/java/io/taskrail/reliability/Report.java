package io.taskrail.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario measured, as markdown: printed to the build log and written to
 * {@code target/reliability/<scenario>.md}, which reliability/run.sh gathers for docs/RELIABILITY.md.
 */
final class Report {
    private final String scenario;
    private final List<String> lines = new ArrayList<>();

    Report(String scenario) {
        this.scenario = scenario;
    }

    /** One "name: value" row. */
    Report add(String name, Object value) {
        lines.add("| " + name + " | " + value + " |");
        return this;
    }

    /** Prints the report and writes it to target/reliability/. */
    void write() {
        StringBuilder md = new StringBuilder()
                .append("### ").append(scenario).append(" (").append(Mode.name()).append(" mode, ")
                .append(LocalDate.now(ZoneOffset.UTC)).append(")\n\n| measure | value |\n|---|---|\n");
        lines.forEach(line -> md.append(line).append('\n'));
        System.out.println(md);
        try {
            Path dir = Path.of("target", "reliability");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(scenario + ".md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
