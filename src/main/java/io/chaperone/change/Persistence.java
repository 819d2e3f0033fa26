package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges whether a session's changes held, from the settings read back at its end (pure; docs/api.md): the newest
 * change of each (device, setting) is {@code persisted} when the device still has its after value, {@code reverted}
 * otherwise; older ones are {@code superseded}; a device that could not be read leaves its changes {@code unknown}.
 */
final class Persistence {

    private Persistence() {
    }

    /** A verdict for one change. */
    record Verdict(StoredChange change, String persistence) {
    }

    /**
     * @param changes  the session's changes in report order, with {@code after} their opened after values
     * @param readBack per device, the settings read back (absent: the device could not be read)
     */
    static List<Verdict> judge(List<StoredChange> changes, List<JsonNode> after, Map<String, JsonNode> readBack) {
        Map<String, Integer> newest = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            newest.put(changes.get(i).device() + "\u0000" + changes.get(i).setting(), i);
        }
        List<Verdict> verdicts = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            StoredChange c = changes.get(i);
            if (newest.get(c.device() + "\u0000" + c.setting()) != i) {
                verdicts.add(new Verdict(c, "superseded"));
                continue;
            }
            JsonNode settings = readBack.get(c.device());
            if (settings == null) {
                verdicts.add(new Verdict(c, "unknown"));
                continue;
            }
            JsonNode now = settings.get(c.setting());
            verdicts.add(new Verdict(c, same(now, after.get(i)) ? "persisted" : "reverted"));
        }
        return verdicts;
    }

    /** JSON equality that treats 23 and 23.0 alike (a hub may write numbers either way). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
