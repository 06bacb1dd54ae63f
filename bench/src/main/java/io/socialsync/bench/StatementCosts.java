package io.socialsync.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.socialsync.testsupport.RealServers;

/**
 * Where PostgreSQL's time goes, per statement, from {@code pg_stat_statements} (an embedded server loads it when
 * {@link RealServers#STATEMENT_STATS_PROPERTY} is set before it starts): calls and milliseconds (planning and
 * execution) per unit of work over the measured part. Says so and prints nothing more when the server lacks it.
 */
final class StatementCosts {

    private static final int SHOWN = 10;
    private final RealServers.Postgres postgres;
    private final boolean available;

    private StatementCosts(RealServers.Postgres postgres, boolean available) {
        this.postgres = postgres;
        this.available = available;
    }

    /** Starts counting from now (resets the server's statistics). */
    static StatementCosts start(RealServers.Postgres postgres) {
        try (Connection db = postgres.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            sql.execute("SELECT pg_stat_statements_reset()");
            return new StatementCosts(postgres, true);
        } catch (SQLException e) {
            System.out.println("  (no pg_stat_statements on this server: statement costs not shown)");
            return new StatementCosts(postgres, false);
        }
    }

    /** The statements that cost most since {@link #start}, per {@code unit} of which there were {@code units}. */
    List<String> perUnit(String unit, int units) {
        List<String> lines = new ArrayList<>();
        if (!available || units == 0) {
            return lines;
        }
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("""
                        SELECT calls, total_plan_time + total_exec_time AS millis,
                               regexp_replace(query, '\\s+', ' ', 'g') AS query,
                               sum(total_plan_time + total_exec_time) OVER () AS all_millis,
                               sum(calls) OVER () AS all_calls
                        FROM pg_stat_statements
                        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                        ORDER BY millis DESC
                        """)) {
            int shown = 0;
            while (rows.next()) {
                if (shown == 0) {
                    lines.add(String.format("PostgreSQL statements per %s: %.1f, %.3f ms inside PostgreSQL "
                            + "(planning + execution; the most costly:)", unit,
                            rows.getLong("all_calls")
                                    / (double) units,
                            rows.getDouble("all_millis") / units));
                }
                if (shown++ < SHOWN) {
                    String query = rows.getString("query").strip();
                    lines.add(String.format("  %6.2f calls %7.3f ms   %s", rows.getLong("calls") / (double) units,
                            rows.getDouble("millis") / units,
                            query.length() > 110 ? query.substring(0, 110) + "..." : query));
                }
            }
        } catch (SQLException e) {
            lines.add("statement costs unreadable: " + e.getMessage());
        }
        return lines;
    }
}
