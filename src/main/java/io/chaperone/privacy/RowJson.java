package io.chaperone.privacy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** Rows as JSON objects for the export: camelCase keys, ISO-8601 UTC times with milliseconds, JSON columns parsed. */
final class RowJson {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private RowJson() {
    }

    static String time(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
    }

    static ObjectNode of(Row row, Set<String> jsonColumns) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < row.size(); i++) {
            String column = row.getColumnName(i);
            String key = camel(column);
            Object value = row.getValue(i);
            if (value == null) {
                node.putNull(key);
            } else if (jsonColumns.contains(column)) {
                node.set(key, SessionAuditResource.parse(value.toString()));
            } else if (value instanceof OffsetDateTime t) {
                node.put(key, time(t.toInstant()));
            } else if (value instanceof LocalDateTime t) {
                node.put(key, time(t.toInstant(ZoneOffset.UTC)));
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else if (value instanceof Integer n) {
                node.put(key, n);
            } else if (value instanceof Long n) {
                node.put(key, n);
            } else {
                node.put(key, value.toString());
            }
        }
        return node;
    }

    static String camel(String column) {
        StringBuilder out = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
