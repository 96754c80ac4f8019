// The election definition (GET /api/v1/public/election, public): the names the pages
// show for levels, units, candidates and stations. Read once per page load.
import {api} from './api.js';

let loaded = null;

export function definition() {
  loaded ??= api('GET', '/api/v1/public/election').then((answer) => {
    if (!answer.ok) {
      loaded = null;
      throw new Error(`the election definition: ${answer.message}`);
    }
    return new Names(answer.body);
  });
  return loaded;
}

// Lookups by id, falling back to the id itself.
class Names {
  constructor(election) {
    this.election = election;
    this.levels = new Map(election.levels.map((level) => [level.id, level]));
    this.units = new Map(election.units.map((unit) => [unit.id, unit]));
    this.stations = new Map(election.stations.map((station) => [station.id, station]));
    this.candidates = new Map();
    for (const unit of election.units) {
      for (const candidate of unit.candidates ?? []) this.candidates.set(candidate.id, candidate);
    }
  }

  level(id) { return this.levels.get(id)?.name ?? id; }
  unit(id) { return this.units.get(id)?.name ?? id; }
  station(id) { return this.stations.get(id)?.name ?? id; }
  candidate(id) { return this.candidates.get(id)?.name ?? id; }
}
