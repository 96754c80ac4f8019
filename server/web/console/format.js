// How numbers and times read on the pages.
const counts = new Intl.NumberFormat('en');

export const count = (value) => value === undefined || value === null ? '—' :
                                                                       counts.format(value);
export const percent = (text) => text === undefined || text === null ? '—' : `${text} %`;
export const time = (value) => {
  if (value === undefined || value === null || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('.000', '');
};
export const valueText = (value) => value === null ? '(cleared)' :
                                    typeof value === 'object' ? JSON.stringify(value) :
                                                                String(value);
