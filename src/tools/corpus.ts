/**
 * The benchmark corpus: replies made by a seeded generator (same seed, same corpus, on every
 * machine), plus the replies and requests of ../shared/eval when it is there. The generator
 * mixes short social replies and longer e-mail-like ones, English and French, good and bad,
 * about a fifth with the message they answer and times (so that `when:` rules and timing run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The bench corpus and the model training share one seeded generator (mulberry32).
import { seededRandom } from '../model/train.js';

export interface CorpusReply {
  id: string;
  reply: string;
  in_reply_to?: string;
  received_at?: string;
  sent_at?: string;
}

const EN = {
  open: ['Hi Sam,', 'Hello!', 'Hey there,', 'Dear Ms Patel,', 'Hi,', ''],
  good: [
    "We're sorry your parcel is late.",
    'Could you send us your order number by DM so we can look into it?',
    "We're checking with the warehouse now and will update you by 5pm.",
    'Thanks for flagging this, it helps us fix it faster.',
    'I understand how frustrating a missed delivery is.',
    'Our team has refunded the charge; it should show within three days.',
    'Could you tell us which store you visited and when?',
    'We have passed your feedback to the product team.',
  ],
  bad: [
    'This is clearly your fault.',
    'Read the FAQ before complaining!!!',
    'Keep this up and we will ban you.',
    'Please see https://example.com/help for more information.',
    'WE ALREADY ANSWERED THIS QUESTION.',
    'Delays happen, nothing we can do.',
    'As we said before, that is not how it works.',
    'Feel free to take your business elsewhere.',
  ],
  close: ['Best, Alex from Support', 'Kind regards,\nThe Acme team', 'Thanks!', '', ''],
  messages: [
    'My order never arrived and nobody answers the phone.',
    'Is the shop open on Sunday?',
    'Your app keeps crashing, this is a joke.',
  ],
};
const FR = {
  open: ['Bonjour Claire,', 'Bonsoir !', 'Salut,', 'Madame,', ''],
  good: [
    'Nous sommes désolés pour ce retard de livraison.',
    'Pouvez-vous nous envoyer votre numéro de commande en message privé ?',
    "Nous vérifions auprès de l'entrepôt et revenons vers vous ce soir.",
    "Merci de nous l'avoir signalé.",
    'Je comprends que ce soit agaçant.',
  ],
  bad: [
    "C'est de votre faute, vous auriez dû lire les conditions.",
    'Nous allons supprimer votre commentaire.',
    'Consultez notre FAQ : https://exemple.fr/aide',
    'ARRÊTEZ DE NOUS ÉCRIRE.',
    'Les retards, ça arrive.',
  ],
  close: ['Cordialement,\nLe service client', 'Bonne journée !', ''],
  messages: ["Mon colis n'est jamais arrivé et personne ne répond.", 'Le magasin est-il ouvert dimanche ?'],
};

/** `count` replies from the seed: 80% English, a fifth long, a third with a bad sentence. */
export function generateReplies(count: number, seed = DEFAULT_SEED): CorpusReply[] {
  return [...replyStream(count, seed)];
}

export const DEFAULT_SEED = 20240501;

/** The same replies one at a time, for corpora too large to hold (a million lines). */
export function* replyStream(count: number, seed = DEFAULT_SEED): Generator<CorpusReply> {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < count; i++) {
    const lang = random() < 0.8 ? EN : FR;
    const sentences = random() < 0.2 ? 5 + Math.floor(random() * 5) : 1 + Math.floor(random() * 3);
    const body = Array.from({ length: sentences }, () => (random() < 0.33 ? pick(lang.bad) : pick(lang.good)));
    const reply = [pick(lang.open), body.join(' '), sentences > 4 ? pick(lang.close) : '']
      .filter(Boolean)
      .join(sentences > 4 ? '\n\n' : ' ');
    const item: CorpusReply = { id: `gen-${i + 1}`, reply };
    if (random() < 0.2) {
      const received = Date.UTC(2024, 4, 1) + Math.floor(random() * 30 * 86400) * 1000;
      item.in_reply_to = pick(lang.messages);
      item.received_at = new Date(received).toISOString();
      item.sent_at = new Date(received + Math.floor(random() * 48 * 3600) * 1000).toISOString();
    }
    yield item;
  }
}

/** The replies and requests of the shared evaluation data, when the folder exists. */
export function evalReplies(dir: string): CorpusReply[] {
  const read = (name: string) =>
    existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean) : [];
  const replies = read('replies.jsonl').map(
    (l) => JSON.parse(l) as { id: string; reply: string; in_reply_to: string | null },
  );
  const requests = read('politeness.jsonl').map((l) => JSON.parse(l) as { id: string; text: string });
  return [
    ...replies.map((r) => ({ id: r.id, reply: r.reply, ...(r.in_reply_to ? { in_reply_to: r.in_reply_to } : {}) })),
    ...requests.map((r) => ({ id: r.id, reply: r.text })),
  ];
}
