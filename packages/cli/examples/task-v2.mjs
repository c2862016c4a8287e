// Improved "model" for the demo: checks the capital list first, so most answers are now right and terse.
const CAPITALS = {
  France: 'Paris', Japan: 'Tokyo', Australia: 'Canberra', Canada: 'Ottawa', Brazil: 'Brasília', Germany: 'Berlin',
  Italy: 'Rome', Spain: 'Madrid', Egypt: 'Cairo', Kenya: 'Nairobi', India: 'New Delhi', China: 'Beijing',
  Mexico: 'Mexico City', Argentina: 'Buenos Aires', Turkey: 'Ankara', Switzerland: 'Bern', 'New Zealand': 'Wellington',
  Nigeria: 'Abuja', Vietnam: 'Hanoi', Morocco: 'Rabat', Norway: 'Oslo', Peru: 'Lima', Pakistan: 'Islamabad',
  // Still wrong on one: an old answer it never unlearned.
  'South Africa': 'Cape Town',
};

export default async function answer(input, { signal }) {
  await new Promise((resolve) => setTimeout(resolve, 4 + (input.country.length % 5) * 3));
  if (signal.aborted) throw signal.reason;
  return CAPITALS[input.country] ?? "I don't know";
}
