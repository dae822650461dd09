package dev.aperture.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The SQL an app sent through its Jdbi since {@link #watching}: what shows a read was answered from memory (the
 * statement was never sent), where the answer alone would look the same either way.
 */
public final class Statements implements SqlLogger {

    private final List<String> sent = new CopyOnWriteArrayList<>();

    private Statements() {}

    /** Counts every statement of every handle {@code jdbi} opens from now on. */
    public static Statements watching(Jdbi jdbi) {
        Statements statements = new Statements();
        jdbi.setSqlLogger(statements);
        return statements;
    }

    @Override
    public void logBeforeExecution(StatementContext context) {
        sent.add(context.getRenderedSql());
    }

    /** How many statements sent so far read or wrote {@code table} ("FROM sessions", "integrations"). */
    public long naming(String fragment) {
        return sent.stream().filter(sql -> sql.contains(fragment)).count();
    }

    @Override
    public String toString() {
        return String.join("\n", sent);
    }

    public void clear() {
        sent.clear();
    }
}
