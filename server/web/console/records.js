// One station record's values as a table: counts, then votes per candidate by name.
import {table} from './dom.js';
import {count, valueText} from './format.js';

export function valuesTable(caption, values, names) {
  const rows = [];
  for (const [field, value] of Object.entries(values ?? {})) {
    if (value !== null && typeof value === 'object') {
      for (const [candidate, votes] of Object.entries(value)) {
        rows.push([`${field}: ${names.candidate(candidate)}`, {value: count(votes), class: 'count'}]);
      }
    } else {
      rows.push([field, {value: typeof value === 'number' ? count(value) : valueText(value),
                         class: 'count'}]);
    }
  }
  return table(caption, ['Field', 'Value'], rows);
}
