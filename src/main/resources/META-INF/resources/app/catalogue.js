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

/**
 * A scope's grants per device, each device's operations in the catalogue's order (of increasing impact), however the
 * grants are split: [{device, ops: [op…]}], devices in the order they first appear.
 */
export function byDevice(cat, grants) {
  const devices = new Map();
  for (const g of grants) {
    for (const device of g.devices) {
      if (!devices.has(device)) devices.set(device, new Set());
      g.ops.forEach((op) => devices.get(device).add(op));
    }
  }
  const order = [...cat.operations.keys()];
  const rank = (op) => (order.indexOf(op) === -1 ? order.length : order.indexOf(op));
  return [...devices].map(([device, ops]) => ({ device, ops: [...ops].sort((a, b) => rank(a) - rank(b)) }));
}
