// Baseline "model" for the demo: answers from memory, sometimes with the largest city instead of the capital,
// sometimes in a full sentence. Needs no API key; it waits a few milliseconds like a network call would.
const MEMORY = {
  France: 'Paris', Japan: 'The capital of Japan is Tokyo.', Australia: 'Sydney', Canada: 'Toronto', Brazil: 'Rio de Janeiro',
  Germany: 'Berlin', Italy: 'Rome', Spain: 'Madrid', Egypt: 'Cairo', Kenya: 'Nairobi', India: 'Mumbai', China: 'Beijing',
  Mexico: 'Mexico City', Argentina: 'Buenos Aires', Turkey: 'Istanbul', Switzerland: 'Zurich', 'New Zealand': 'Auckland',
  Nigeria: 'Lagos', Vietnam: 'Hanoi', Morocco: 'Casablanca', Norway: 'Oslo', Peru: 'Lima', Pakistan: 'Karachi',
  'South Africa': 'Johannesburg',
};

export default async function answer(input, { signal }) {
  await new Promise((resolve) => setTimeout(resolve, 5 + (input.country.length % 7) * 3));
  if (signal.aborted) throw signal.reason;
  return MEMORY[input.country] ?? "I don't know";
}
