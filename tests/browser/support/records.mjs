// Valid station records of the tests' small definitions (station-count/1): every field,
// the checks satisfied (TN-0001's NA form by default; TN-0002 has 640 voters).
export function naRecord({registered = 812, valid = 801, invalid = 9, votes = [500, 200, 101]} = {}) {
  return {
    registered, voted: valid + invalid, issued: valid + invalid, received: valid + invalid,
    valid, invalid, complaints_received: 0, complaints_resolved: 0, complaints_forwarded: 0,
    votes: {'NA-01-C01': votes[0], 'NA-01-C02': votes[1], 'NA-01-C03': votes[2]},
  };
}
