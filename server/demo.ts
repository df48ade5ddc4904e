import { Readable } from 'node:stream';
import type { Prediction } from '../shared/annotate.ts';
import { ProjectCreateSchema } from '../shared/api.ts';
import { cpLength } from '../shared/offsets.ts';
import type { ProjectRole } from '../shared/permissions.ts';
import { randomPassword } from './auth/passwords.ts';
import { createUser } from './auth/userCommands.ts';
import type { Ctx } from './context.ts';
import { STREET_GUIDELINES, STREET_SCHEMA, streetScenes, streetZip } from './demoImages.ts';
import { ImportSession } from './io/images.ts';
import { importItems } from './io/import.ts';
import { createProject, setMember } from './workflow/projectCommands.ts';

const ACTOR = { username: 'demo' };
export const DEMO_PROJECT = 'Demo: Notes from history';
export const DEMO_IMAGE_PROJECT = 'Demo: Shapes on the street';

const USERS: { username: string; displayName: string; role: ProjectRole }[] = [
  { username: 'manager1', displayName: 'Mona Manager', role: 'manager' },
  { username: 'reviewer1', displayName: 'Rafael Reviewer', role: 'reviewer' },
  { username: 'expert1', displayName: 'Esther Expert', role: 'expert' },
  { username: 'annotator1', displayName: 'Ana Annotator', role: 'annotator' },
  { username: 'annotator2', displayName: 'Arjun Annotator', role: 'annotator' },
];

const SCHEMA = {
  tasks: [
    {
      name: 'entities',
      type: 'spans',
      description: 'Mark people, organisations, places and dates.',
      labels: [
        { value: 'PER', hotkey: 'p' },
        { value: 'ORG', hotkey: 'o' },
        { value: 'LOC', hotkey: 'l' },
        { value: 'DATE', hotkey: 'd' },
      ],
    },
    {
      name: 'topic',
      type: 'choices',
      multiple: false,
      required: true,
      labels: [
        { value: 'science', hotkey: '1' },
        { value: 'politics', hotkey: '2' },
        { value: 'arts', hotkey: '3' },
        { value: 'exploration', hotkey: '4' },
      ],
    },
    { name: 'note', type: 'text', description: 'Anything the reviewer should know (optional).' },
  ],
};

const GUIDELINES = `# Notes from history: labelling guide

Each item is a short note about a person, a place or an event. Mark the **entities** in it and
pick the one **topic** it is mostly about.

## Entities

| label | mark | examples |
|---|---|---|
| \`PER\` | people, by the name used in the text | *Ada Lovelace*, *Ibn Battuta*, *Hokusai* |
| \`ORG\` | organisations, institutions, movements | *the Royal Society*, *NASA*, *League of Nations* |
| \`LOC\` | places: cities, countries, regions, mountains, seas | *Runnymede*, *Tangier*, *Chimborazo* |
| \`DATE\` | dates and years, with their words | *14 December 1911*, *1843*, *around 1503* |

- Mark the whole name (*Marie Skłodowska-Curie*, not *Curie*), without a leading "the".
- Do not mark titles of works (*Principia*, *The Magic Flute*): they are not entities here.
- A ship's name (*HMS Beagle*) is not a place: leave it unmarked.

## Topic

Choose the one that fits best: **science**, **politics**, **arts** or **exploration**.
A voyage is *exploration* even when it was made for science.

## Examples

> In 1869 **Dmitri Mendeleev** (PER) presented a periodic table in **St. Petersburg** (LOC).

Dates: *1869* is \`DATE\`. Topic: science.

> **Roald Amundsen**'s expedition reached the South Pole on **14 December 1911**.

*South Pole* is \`LOC\`. Topic: exploration.

Notes in other scripts (Arabic, Hebrew, Japanese) follow the same rules.
`;

/** Short notes written for this demo; none is copied from anywhere. */
const TEXTS = [
  "Ada Lovelace published her notes on Charles Babbage's Analytical Engine in 1843. Her Note G describes a method for computing Bernoulli numbers.",
  'In 1869 Dmitri Mendeleev presented a periodic table of the elements in St. Petersburg. He left gaps for elements that had not yet been discovered.',
  'Marie Skłodowska-Curie won the Nobel Prize in Physics in 1903 and the Nobel Prize in Chemistry in 1911. She was born in Warsaw in 1867.',
  "Roald Amundsen's expedition reached the South Pole on 14 December 1911, about five weeks before Robert Falcon Scott's party. 🧭❄️",
  'Ferdinand Magellan sailed from Sanlúcar de Barrameda in September 1519. Juan Sebastián Elcano brought the ship Victoria back to Spain in 1522.',
  'The Magna Carta was sealed by King John at Runnymede in June 1215.',
  'Leonardo da Vinci began painting the Mona Lisa in Florence around 1503.',
  'Johann Sebastian Bach became Thomaskantor in Leipzig in 1723 and held the post until his death in 1750.',
  'Galileo Galilei observed four moons of Jupiter in January 1610 and described them in Sidereus Nuncius.',
  "The Peace of Westphalia, signed in Osnabrück and Münster in 1648, ended the Thirty Years' War.",
  'Ibn Battuta set out from Tangier in 1325 on travels that took him across North Africa, the Middle East, India and China.',
  'Zheng He commanded seven voyages of the Ming treasure fleet between 1405 and 1433, reaching the coast of East Africa.',
  "Isaac Newton's Principia was published in London in 1687, with the support of Edmond Halley.",
  'Frida Kahlo painted The Two Fridas in Mexico City in 1939.',
  "In 1848 the Seneca Falls Convention in New York called for women's right to vote. Elizabeth Cady Stanton drafted its Declaration of Sentiments.",
  'Nelson Mandela was released from Victor Verster Prison on 11 February 1990 and became President of South Africa in 1994.',
  "Mozart's opera The Magic Flute was first performed in Vienna in September 1791, about two months before his death.",
  'Charles Darwin sailed on HMS Beagle from 1831 to 1836. On the Origin of Species appeared in 1859. 🐢',
  'Neil Armstrong and Buzz Aldrin landed on the Moon on 20 July 1969 during NASA’s Apollo 11 mission. 🚀🌕',
  'The Royal Society was founded in London in 1660. Robert Boyle was among its first fellows.',
  'Hokusai published The Great Wave off Kanagawa around 1831 as part of his Thirty-six Views of Mount Fuji.',
  '葛飾北斎は1831年頃、『冨嶽三十六景』の一図として『神奈川沖浪裏』を発表した。',
  'אליעזר בן־יהודה הגיע לירושלים בשנת 1881, ובהמשך חיבר מילון של הלשון העברית.',
  'أكمل ابن سينا كتاب «القانون في الطب» نحو عام 1025.',
  'Simón Bolívar led the patriot army to victory at the Battle of Boyacá on 7 August 1819.',
  'The Suez Canal opened to shipping in November 1869, ten years after construction began.',
  'Hypatia taught mathematics and philosophy in Alexandria until her death in 415.',
  "Johannes Gutenberg's workshop in Mainz completed the Gutenberg Bible around 1455.",
  'Captain James Cook charted the coast of New Zealand in 1769 aboard HMS Endeavour.',
  'Mary Anning uncovered fossil marine reptiles in the cliffs of Lyme Regis in the early nineteenth century.',
  'The Congress of Vienna met from 1814 to 1815 to redraw the map of Europe. Klemens von Metternich chaired its sessions.',
  'Sor Juana Inés de la Cruz wrote poems and plays in the convent of San Jerónimo in Mexico City in the 1680s.',
  'Alexander von Humboldt and Aimé Bonpland climbed high on Chimborazo in Ecuador in June 1802. 🏔️',
  'The League of Nations held its first assembly in Geneva on 15 November 1920.',
  "Rosalind Franklin's X-ray photograph 51, taken at King's College London in 1952, pointed to the helical structure of DNA.",
  'Wangari Maathai founded the Green Belt Movement in Kenya in 1977 and received the Nobel Peace Prize in 2004. 🌳',
  'Antonín Dvořák wrote his Symphony No. 9, From the New World, in New York in 1893.',
];

/** A span over the first occurrence of `part`, in code points like every stored offset. */
function span(text: string, part: string, label: string) {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`demo text lacks "${part}"`);
  const start = cpLength(text.slice(0, at));
  return { start, end: start + cpLength(part), label, text: part };
}

/** A few machine suggestions, so the demo shows pre-annotations too. */
const PREDICTIONS: Record<number, [string, string][]> = {
  0: [
    ['Ada Lovelace', 'PER'],
    ['Charles Babbage', 'PER'],
    ['1843', 'DATE'],
  ],
  3: [
    ['Roald Amundsen', 'PER'],
    ['South Pole', 'LOC'],
    ['14 December 1911', 'DATE'],
  ],
  18: [
    ['Neil Armstrong', 'PER'],
    ['Buzz Aldrin', 'PER'],
    ['20 July 1969', 'DATE'],
    ['NASA', 'ORG'],
  ],
};

/** Tags for the notes not in English, so the Data page's tag filter has something to show. */
const SCRIPT_TAGS: Record<number, string> = { 21: 'japanese', 22: 'hebrew', 23: 'arabic' };

function demoLines(): string[] {
  return TEXTS.map((text, i) => {
    const spans = PREDICTIONS[i];
    const predictions: Prediction[] | undefined = spans && [
      { model: 'demo-ner', score: 0.8, labels: { entities: spans.map(([p, l]) => span(text, p, l)) } },
    ];
    return `${JSON.stringify({
      id: `note-${String(i + 1).padStart(2, '0')}`,
      text,
      tags: [SCRIPT_TAGS[i] ?? 'english'],
      predictions,
    })}\n`;
  });
}

/** The demo image project: street scenes drawn by code, imported as a zip with a tasks file. */
async function seedImageProject(ctx: Ctx) {
  const existing = ctx.projects.byIdOrName(DEMO_IMAGE_PROJECT);
  if (existing) return existing;
  const project = createProject(
    ctx,
    { ...ACTOR, userId: null },
    ProjectCreateSchema.parse({
      name: DEMO_IMAGE_PROJECT,
      description:
        'Drawn street scenes: box the cars, buses and people, outline the road and buildings, mark the lamps.',
      schema: STREET_SCHEMA,
      guidelines: STREET_GUIDELINES,
      overlap: 1,
    }),
  );
  const session = new ImportSession(ctx, { project, update: false, actor: ACTOR });
  await session.add({ source: await streetZip(streetScenes()), filename: 'street-scenes.zip' });
  const result = await session.finish();
  if (result.errors.length) throw new Error(`demo image import failed: ${JSON.stringify(result.errors)}`);
  console.log(`  Demo project "${DEMO_IMAGE_PROJECT}" created with ${result.imported} images.`);
  return project;
}

/**
 * Adds the demo users and the demo text project, each only if missing, so it is safe on every
 * start. New users' passwords are printed once, here.
 */
export async function seedDemo(ctx: Ctx): Promise<void> {
  const created: { username: string; role: string; password: string }[] = [];
  for (const u of USERS) {
    if (ctx.users.byName(u.username)) continue;
    const password = randomPassword();
    await createUser(ctx, ACTOR, {
      username: u.username,
      displayName: u.displayName,
      password,
      role: 'member',
    });
    created.push({ username: u.username, role: u.role, password });
  }

  let project = ctx.projects.byIdOrName(DEMO_PROJECT);
  if (!project) {
    project = createProject(
      ctx,
      { ...ACTOR, userId: null },
      ProjectCreateSchema.parse({
        name: DEMO_PROJECT,
        description: 'Short notes about people, places and dates: mark the entities, pick a topic.',
        schema: SCHEMA,
        guidelines: GUIDELINES,
        overlap: 1,
      }),
    );
    const result = await importItems(ctx, {
      project,
      source: Readable.from(demoLines()),
      format: 'jsonl',
      filename: 'demo-notes.jsonl',
      update: false,
      actor: ACTOR,
    });
    if (result.errors.length) throw new Error(`demo import failed: ${JSON.stringify(result.errors)}`);
    console.log(`  Demo project "${DEMO_PROJECT}" created with ${result.imported} items.`);
  }
  const images = await seedImageProject(ctx);
  for (const p of [project, images]) {
    for (const u of USERS) {
      const user = ctx.users.byName(u.username);
      if (user && !ctx.projects.roleOf(p.id, user.id)) setMember(ctx, ACTOR, p, u.username, u.role);
    }
  }

  if (created.length) {
    console.log('\n  Demo users (passwords shown once):');
    console.log(`  ${'username'.padEnd(12)} ${'role in demo'.padEnd(13)} password`);
    for (const c of created) console.log(`  ${c.username.padEnd(12)} ${c.role.padEnd(13)} ${c.password}`);
    console.log(
      `  ${'admin'.padEnd(12)} ${'admin'.padEnd(13)} the one printed at first start, or $GLOSS_ADMIN_PASSWORD\n`,
    );
  }
}
