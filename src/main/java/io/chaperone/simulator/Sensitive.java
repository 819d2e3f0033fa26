package io.chaperone.simulator;

import io.chaperone.policy.DataClass;
import io.vertx.core.json.JsonObject;

/** How a hub tags a sensitive value in its output: {@code {"$sensitive":"<class>","value":…}}. */
public final class Sensitive {

    public static final String TAG = "$sensitive";

    private Sensitive() {
    }

    public static JsonObject tag(DataClass dataClass, Object value) {
        return new JsonObject().put(TAG, dataClass.wireName()).put("value", value);
    }

    public static boolean isTag(Object value) {
        return value instanceof JsonObject object && object.containsKey(TAG);
    }
}
