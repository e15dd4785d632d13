import type { DemoMedia } from './types.js'

const picsum = (key: string, width: number, height: number): string =>
  `https://picsum.photos/seed/${key}/${width}/${height}`

/** A 16:9 lead or inline photograph. */
const photo = (m: Omit<DemoMedia, 'url' | 'width' | 'height' | 'mimeType'>): DemoMedia => ({
  ...m,
  url: picsum(m.key, 1600, 900),
  width: 1600,
  height: 900,
  mimeType: 'image/jpeg',
})

/** A square author portrait. */
const portrait = (key: string, name: string, role: string): DemoMedia => ({
  key,
  url: picsum(key, 400, 400),
  alt: `Portrait of ${name}`,
  caption: `${name}, ${role}.`,
  width: 400,
  height: 400,
  mimeType: 'image/jpeg',
  creditCreator: 'Nell Farrington',
  creditProvider: 'The Meridian Review',
})

const FLICKR = { creditProvider: 'Flickr', licenceName: 'CC BY 2.0', licenceUrl: 'https://creativecommons.org/licenses/by/2.0/' }
const SHUTTERSTOCK = { creditProvider: 'Shutterstock', licenceName: 'Shutterstock standard licence' }
const USAF = { creditProvider: 'U.S. Air Force', licenceName: 'Public domain' }
const WHITE_HOUSE = { creditProvider: 'The White House', licenceName: 'Public domain' }
const WIKIMEDIA = {
  creditProvider: 'Wikimedia Commons',
  licenceName: 'CC BY-SA 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
}

export const media: DemoMedia[] = [
  // Agency photographs with the exact line the agency requires.
  photo({
    key: 'gulf-summit-riyadh',
    alt: 'Delegates walk past national flags in the lobby of a conference hall',
    caption: 'Delegations arrive for a Gulf summit in Riyadh in December 2023.',
    creditCreator: 'Hamid Al-Sayegh',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Hamid Al-Sayegh',
  }),
  photo({
    key: 'tehran-street',
    alt: 'Traffic and pedestrians on a busy avenue with mountains in the background',
    caption: 'Evening traffic on a central avenue in Tehran in May 2024.',
    creditCreator: 'Dariush Kermani',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Dariush Kermani',
  }),
  photo({
    key: 'brussels-council',
    alt: 'Ministers seated around a large round table in a council chamber',
    caption: 'Foreign ministers meet at the EU Council building in Brussels in February 2025.',
    creditCreator: 'Yves Lambrechts',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Yves Lambrechts',
  }),
  photo({
    key: 'taipei-strait-patrol',
    alt: 'A white coast guard cutter at sea seen from the deck of another vessel',
    caption: 'A coast guard cutter patrols waters off the west coast of Taiwan in April 2025.',
    creditCreator: 'Lin Po-han',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Lin Po-han',
  }),
  photo({
    key: 'lagos-port',
    alt: 'Stacked shipping containers and cranes at a port terminal under a hazy sky',
    caption: 'Container cranes at the Apapa terminal in Lagos in March 2025.',
    creditCreator: 'Adaeze Nwankwo',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Adaeze Nwankwo',
  }),
  photo({
    key: 'buenos-aires-protest',
    alt: 'Demonstrators with banners fill a wide avenue in front of a domed building',
    caption: 'Provincial public-sector workers march towards Congress in Buenos Aires in August 2025.',
    creditCreator: 'Matías Ferreyra',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Matías Ferreyra',
  }),
  photo({
    key: 'capitol-dome-dusk',
    alt: 'The dome of the U.S. Capitol lit up at dusk',
    caption: 'The U.S. Capitol at dusk during a late-night budget session in September 2025.',
    creditCreator: 'Grant Holloway',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Grant Holloway',
  }),
  photo({
    key: 'wind-turbines-north-sea',
    alt: 'Rows of offshore wind turbines standing in grey water',
    caption: 'An offshore wind farm in the North Sea in October 2024.',
    creditCreator: 'Sigrid Aalto',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Sigrid Aalto',
  }),
  photo({
    key: 'caracas-oil-field',
    alt: 'An oil pumpjack silhouetted against an orange evening sky',
    caption: 'A pumpjack in an oil field in Venezuela’s Zulia state in June 2024.',
    creditCreator: 'Alejandro Pereda',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Alejandro Pereda',
  }),
  photo({
    key: 'cobalt-mine-trucks',
    alt: 'Heavy mining trucks on a terraced open-pit mine',
    caption: 'Haul trucks at an open-pit copper and cobalt mine in the DRC in January 2025.',
    creditCreator: 'Jean-Pierre Mbuyi',
    creditProvider: 'Reuters',
    creditLine: 'REUTERS/Jean-Pierre Mbuyi',
  }),

  // Flickr photographs under Creative Commons Attribution.
  photo({
    key: 'strait-of-hormuz-tanker',
    alt: 'A large crude oil tanker sailing past a rocky coastline',
    caption: 'A crude tanker transits the Strait of Hormuz in July 2023.',
    creditCreator: 'Pieter van Oosterhout',
    ...FLICKR,
  }),
  photo({
    key: 'sahel-market',
    alt: 'Traders and shoppers under colourful awnings at an outdoor market',
    caption: 'The central market in Niamey in November 2024.',
    creditCreator: 'Aminata Cissé',
    ...FLICKR,
  }),
  photo({
    key: 'berlin-chancellery',
    alt: 'A modern government building with a large glass facade beside a river',
    caption: 'The Federal Chancellery in Berlin in spring 2024.',
    creditCreator: 'Jonas Halvorsen',
    ...FLICKR,
  }),
  photo({
    key: 'santiago-lithium-flats',
    alt: 'Turquoise evaporation ponds on a white salt flat beneath mountains',
    caption: 'Lithium brine evaporation ponds in the Atacama salt flat in 2023.',
    creditCreator: 'Camila Ortúzar',
    ...FLICKR,
  }),
  photo({
    key: 'port-of-rotterdam-containers',
    alt: 'Container ship being unloaded by gantry cranes at a large port',
    caption: 'A container ship unloads at the port of Rotterdam in January 2025.',
    creditCreator: 'Ruud Hendriksma',
    ...FLICKR,
  }),
  photo({
    key: 'grain-silos-odesa',
    alt: 'Grain silos and a loading gantry next to a bulk carrier in port',
    caption: 'Grain terminals in the port of Odesa in September 2024.',
    creditCreator: 'Marek Dovzhenko',
    ...FLICKR,
  }),
  photo({
    key: 'khartoum-aid-convoy',
    alt: 'A line of white trucks on a dusty road carrying humanitarian supplies',
    caption: 'An aid convoy waits at a checkpoint in Sudan in February 2025.',
    creditCreator: 'Idris Abdelrahman',
    ...FLICKR,
  }),
  photo({
    key: 'lampedusa-harbour',
    alt: 'Small boats moored in a harbour with a coast guard vessel in the background',
    caption: 'The harbour of Lampedusa in June 2024.',
    creditCreator: 'Giulia Ferrante',
    ...FLICKR,
  }),

  // Shutterstock stock images; the line is the form the licence asks for.
  photo({
    key: 'oil-refinery-night',
    alt: 'An oil refinery lit up at night with flames from a flare stack',
    caption: 'A refinery at night.',
    creditCreator: 'Viktor Sandqvist',
    creditLine: 'Viktor Sandqvist via shutterstock.com',
    ...SHUTTERSTOCK,
    licenceExpiresInDays: 365,
  }),
  photo({
    key: 'un-general-assembly-hall',
    alt: 'The empty General Assembly hall at the United Nations with its gold wall',
    caption: 'The General Assembly hall at UN headquarters in New York.',
    creditCreator: 'Elena Marchetti',
    creditLine: 'Elena Marchetti via shutterstock.com',
    ...SHUTTERSTOCK,
  }),
  photo({
    key: 'cargo-ship-red-sea',
    alt: 'A container ship escorted by a naval vessel in calm blue water',
    caption: 'A container ship under naval escort in the Red Sea in March 2024.',
    creditCreator: 'Omar Faris',
    creditLine: 'Omar Faris via shutterstock.com',
    ...SHUTTERSTOCK,
    licenceExpiresInDays: 365,
  }),
  photo({
    key: 'south-china-sea-reef',
    alt: 'Aerial view of a shallow reef with a rusting ship grounded on it',
    caption: 'A grounded vessel on a reef in the South China Sea.',
    creditCreator: 'Hao Linden',
    creditLine: 'Hao Linden via shutterstock.com',
    ...SHUTTERSTOCK,
    licenceExpiresInDays: 180,
  }),
  photo({
    key: 'election-ballot-box',
    alt: 'A hand dropping a folded ballot into a transparent ballot box',
    caption: 'A voter casts a ballot.',
    creditCreator: 'Rosa Valentim',
    creditLine: 'Rosa Valentim/shutterstock',
    ...SHUTTERSTOCK,
  }),
  photo({
    key: 'solar-farm-desert',
    alt: 'Rows of solar panels stretching across a sandy desert',
    caption: 'A utility-scale solar plant in the desert.',
    creditCreator: 'Karim Benali',
    creditLine: 'Karim Benali via shutterstock.com',
    ...SHUTTERSTOCK,
  }),
  photo({
    key: 'beirut-port-dawn',
    alt: 'Damaged grain silos and cranes at a port at dawn',
    caption: 'The port of Beirut at dawn.',
    creditCreator: 'Nadim Khoury',
    creditLine: 'Nadim Khoury via shutterstock.com',
    ...SHUTTERSTOCK,
    licenceExpiresInDays: 730,
  }),
  photo({
    key: 'amazon-river-canopy',
    alt: 'A wide brown river winding through dense green rainforest seen from above',
    caption: 'A tributary of the Amazon in Pará state.',
    creditCreator: 'Tiago Moreira',
    creditLine: 'Tiago Moreira via shutterstock.com',
    ...SHUTTERSTOCK,
  }),
  photo({
    key: 'missile-defence-battery',
    alt: 'Truck-mounted missile launchers deployed on a grassy field',
    caption: 'A ground-based air defence battery during an exercise.',
    creditCreator: 'Lars Kettering',
    creditLine: 'Lars Kettering via shutterstock.com',
    ...SHUTTERSTOCK,
    licenceExpiresInDays: 365,
  }),

  // U.S. government photographs in the public domain.
  photo({
    key: 'f35-flightline',
    alt: 'A row of stealth fighter jets parked on a flight line at sunrise',
    caption: 'F-35A fighters on the flight line during an exercise in May 2024.',
    creditCreator: 'Staff Sgt. Dana Whitcombe',
    creditLine: 'U.S. Air Force photo by Staff Sgt. Dana Whitcombe',
    ...USAF,
  }),
  photo({
    key: 'tanker-refuel-pacific',
    alt: 'A tanker aircraft refuelling a fighter jet over the ocean',
    caption: 'A KC-135 refuels a fighter over the western Pacific in August 2024.',
    creditCreator: 'Senior Airman Marcus Tellaro',
    creditLine: 'U.S. Air Force photo by Senior Airman Marcus Tellaro',
    ...USAF,
  }),
  photo({
    key: 'c17-aid-delivery',
    alt: 'Pallets of supplies being unloaded from the rear ramp of a military cargo plane',
    caption: 'Humanitarian supplies are unloaded from a C-17 in November 2024.',
    creditCreator: 'Tech. Sgt. Alisha Brennan',
    creditLine: 'U.S. Air Force photo by Tech. Sgt. Alisha Brennan',
    ...USAF,
  }),
  photo({
    key: 'oval-office-meeting',
    alt: 'Officials seated on sofas facing each other in the Oval Office',
    caption: 'A meeting with a visiting Gulf delegation in the Oval Office in May 2025.',
    creditCreator: 'Corinne Ashby',
    creditLine: 'Official White House Photo by Corinne Ashby',
    ...WHITE_HOUSE,
  }),
  photo({
    key: 'white-house-south-lawn',
    alt: 'A helicopter on the South Lawn of the White House with staff nearby',
    caption: 'The South Lawn of the White House in March 2025.',
    creditCreator: 'Theo Marchbanks',
    creditLine: 'Official White House Photo by Theo Marchbanks',
    ...WHITE_HOUSE,
  }),

  // Wikimedia Commons, released by a head of state's office.
  photo({
    key: 'two-leaders-palace',
    alt: 'Two men in suits shake hands in front of flags in an ornate reception room',
    caption: 'Two heads of state at a palace reception in January 2018.',
    creditCreator: 'Office of the President of the Republic',
    ...WIKIMEDIA,
  }),
  photo({
    key: 'presidential-podium',
    alt: 'A man in military uniform speaks at a podium decorated with a national emblem',
    caption: 'A transitional head of state addresses a regional security conference in 2024.',
    creditCreator: 'Office of the President of Varenia',
    ...WIKIMEDIA,
  }),

  // Staff and small-agency photographs: the line is rendered from creator and provider.
  photo({
    key: 'meridian-staff-amman-camp',
    alt: 'Rows of prefabricated shelters in a refugee camp under a pale sky',
    caption: 'Shelters in a refugee camp in northern Jordan in October 2025.',
    creditCreator: 'Hana Qassem',
    creditProvider: 'The Meridian Review',
  }),
  photo({
    key: 'nairobi-skyline',
    alt: 'The skyline of a modern city centre with office towers and a park',
    caption: 'The central business district of Nairobi in 2025.',
    creditCreator: 'Wanjiru Kamau',
    creditProvider: 'Harbourlight Images',
  }),
  photo({
    key: 'warsaw-parliament',
    alt: 'The semicircular debating chamber of a parliament with members seated',
    caption: 'A session of the Sejm in Warsaw in January 2025.',
    creditCreator: 'Krzysztof Lendl',
    creditProvider: 'Harbourlight Images',
  }),
  photo({
    key: 'mexico-border-crossing',
    alt: 'Vehicles queue at a border crossing with a large steel fence alongside',
    caption: 'Traffic at a crossing between Ciudad Juárez and El Paso in 2025.',
    creditCreator: 'Lucía Barragán',
    creditProvider: 'Harbourlight Images',
  }),
  photo({
    key: 'jakarta-harbour',
    alt: 'Bulk carriers anchored off an industrial port with smelter chimneys',
    caption: 'Ore carriers anchored off an industrial park in Sulawesi in 2025.',
    creditCreator: 'Ardi Santoso',
    creditProvider: 'The Meridian Review',
  }),
  photo({
    key: 'addis-conference-centre',
    alt: 'Delegates in a large conference hall with flags of African states',
    caption: 'An African Union summit session in Addis Ababa in February 2025.',
    creditCreator: 'Selam Tesfaye',
    creditProvider: 'Harbourlight Images',
  }),
  photo({
    key: 'treasury-building',
    alt: 'The colonnaded facade of a neoclassical government building',
    caption: 'The Treasury Department building in Washington.',
    creditCreator: 'Paul Renwick',
    creditProvider: 'Harbourlight Images',
  }),
  photo({
    key: 'delhi-summit-hall',
    alt: 'A long table with national flags and microphones in a summit venue',
    caption: 'The plenary hall at a summit in New Delhi in 2023.',
    creditCreator: 'Ravi Menon',
    creditProvider: 'Harbourlight Images',
  }),

  // Author portraits.
  portrait('author-leila-haddad', 'Leila Haddad', 'Middle East correspondent'),
  portrait('author-tomasz-wierzbicki', 'Tomasz Wierzbicki', 'Europe editor'),
  portrait('author-mei-lin-ashcroft', 'Mei-Lin Ashcroft', 'Senior Fellow, Asia-Pacific'),
  portrait('author-rafael-quintero', 'Rafael Quintero', 'Latin America correspondent'),
  portrait('author-naomi-achterberg', 'Naomi Achterberg', 'Washington correspondent'),
  portrait('author-kwabena-owusu', 'Kwabena Owusu', 'Africa correspondent'),
  portrait('author-annika-solberg', 'Annika Solberg', 'Senior Fellow, Energy and Climate'),
  portrait('author-daniel-okafor', 'Daniel Okafor', 'Economics editor'),
]
