// The gateway's plain-language catalogue (GET /api/v1/operations), read once per page load.
import { get } from '/assets/api.js';

let loading = null;

/** {operations: Map op → description, dataClasses: Map class → {title, examples}}. */
export function catalogue() {
  if (!loading) {
    loading = get('/api/v1/operations').then((c) => ({
      operations: new Map(c.operations.map((o) => [o.op, o])),
      dataClasses: new Map(c.dataClasses.map((d) => [d.dataClass, d])),
    })).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** "change the device's settings" for "config.write"; the code itself when the catalogue does not know it. */
export function opTitle(cat, op) {
  const d = cat.operations.get(op);
  return d ? d.title : op;
}

export function classTitle(cat, dataClass) {
  const d = cat.dataClasses.get(dataClass);
  return d ? d.title : dataClass;
}
