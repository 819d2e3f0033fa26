// Document-unique ids for wiring labels and descriptions to controls built at run time.
let uid = 0;

export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}
