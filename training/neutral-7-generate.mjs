#!/usr/bin/env node
// node training/neutral-7-generate.mjs: writes training/en/neutral-7a.txt and training/fr/neutral-7a.txt,
// neutral ([none]) brand replies for the tone models, combined from the banks below with a fixed seed
// (rerun it and the files come out byte for byte the same).
//
// Written by the replylint team (h-neutral helper, session 8) from its own knowledge of brand replies,
// against the kinds of false alarm the tone model gave on our own neutral replies (training/heldout/
// *-neutral-6.txt and training/reply/pairs-5-*.jsonl): a plain fact or rule stated without a person
// ("prices are reviewed every quarter"), what the records or the system show said to help, "we've
// checked and there's no fault" followed by a next step, a "yes, ..." answer, warm exclamations
// ("what a lovely message!"), an apology for busy lines, "next time" as an offer, "we understand
// this isn't the answer you hoped for" followed by what we can do, "we're not able to ... but ...",
// "it doesn't depend on us: here is who can help". No sentence of any evaluation set was copied or
// paraphrased; none of training/heldout/ was read to write them.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The training script's seeded generator (mulberry32), from the build (`npm run build` first).
const { seededRandom: rng } = await import('../dist/model/train.js');

/** Fills {slot} from the slots (a slot may hold further {slots}); one choice per slot name per line. */
function fill(template, slots, pick) {
  const chosen = new Map();
  const expand = (text, depth) =>
    text.replace(/\{(\w+)\}/g, (_, name) => {
      if (!slots[name]) throw new Error(`no slot ${name}`);
      if (!chosen.has(name)) chosen.set(name, expand(pick(slots[name]), depth + 1));
      return chosen.get(name);
    });
  return expand(template, 0);
}

function generate(bank, seed, count) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = new Set();
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    const core = fill(pick(bank.cores), bank.slots, pick);
    const parts = [];
    const r = random();
    // A third of the lines are the bare sentence (the terse replies that fired), the rest are dressed.
    if (r > 0.33) parts.push(fill(pick(bank.openers), bank.slots, pick));
    parts.push(parts.length && /[.!?]$/.test(parts[0]) ? core.charAt(0).toUpperCase() + core.slice(1) : core);
    if (random() < 0.45) parts.push(fill(pick(bank.followups), bank.slots, pick));
    let line = parts.join(' ');
    if (bank.contract && random() < 0.65) for (const [a, b] of bank.contract) line = line.replace(a, b);
    line = line.replace(/’/g, "'");
    line = line.charAt(0).toUpperCase() + line.slice(1);
    if (random() < 0.25) line += ` ${pick(bank.emoji)}`;
    const handle = random() < 0.8 ? `@${pick(bank.slots.handle)}${Math.floor(random() * 900 + 100)} ` : '';
    const sig = random() < 0.45 ? ` ${pick(bank.signatures)}` : '';
    out.add(`${handle}${line}${sig}`);
  }
  return [...out];
}

const en = {
  openers: [
    'Hi {name},',
    'Hi there,',
    'Hello {name},',
    'Hey {name},',
    'Morning {name}!',
    'Thanks for asking, {name}.',
    'Good question!',
    'Sorry for the wait, {name}.',
    'Thanks for getting in touch.',
    'Hi {name}, thanks for your patience.',
    'Hiya,',
    'Evening {name},',
  ],
  followups: [
    'Is there anything else we can help with?',
    'Happy to help if you have any other questions.',
    'Let us know if that helps.',
    'If anything changes, we will let you know.',
    'Drop us a DM with your {ref} and we will take a look.',
    'We are here if you need us.',
    'Give us a shout if you need anything else.',
    'Sorry we could not give better news.',
    'Thanks for understanding.',
    'Have a lovely {day}!',
    'More details are here: {url}',
    'If you would like, we can {offer}.',
    'Could you try {step} and let us know how it goes?',
    'Thanks for bearing with us.',
    'Hope the rest of your {day} goes well.',
  ],
  cores: [
    // a plain fact or rule, no person in it
    '{plural2} are {reviewed} {every}.',
    '{plural} vary by {factor}.',
    '{plural} depend on the {factor}.',
    '{plural} are set by {setter}, not by us.',
    '{single} is {reviewed} {every}.',
    'delivery times are estimates and can vary by {factor}.',
    'every {item} gets a safety check at our {site}.',
    'the {item} works on every {network} in {country}.',
    'it is {plan}, with no {tie}.',
    'there is no {fee} for that.',
    'there are no {fee}s on this {plan2}.',
    'the {offer2} runs until {date}.',
    '{plural} can take up to {time} to show.',
    // what the records or the system show, said to help
    'our records show {fact}.',
    'our records show {fact}, so {help}.',
    'our system shows {fact}.',
    'the tracking shows {fact}.',
    'the system shows {fact}. {help2}',
    'according to our records, {fact}.',
    'I can see {fact}.',
    'I can see {fact}, so {help}.',
    // checked and found nothing wrong, then a next step
    'we have looked and cannot see any {issue} affecting your street at the moment.',
    'we have checked and there is no {issue} on our side at the moment.',
    'we have checked and everything looks fine on our side, so {help}.',
    'there is no planned {issue} in your area this week.',
    'there is nothing due to change on your {plan2} this month.',
    'no {issue}s have been reported near you today.',
    // yes, ...
    'yes, it is dishwasher safe.',
    'yes, that {item} comes with a two-year guarantee.',
    'yes, our {site} is open {when}.',
    'yes, that is right, the {offer2} ends {date}.',
    'yes, it does!',
    'yes, you can {can}.',
    'yes, both {plural} are included.',
    'yes, that one is in stock at {place}.',
    'yes, that is the one.',
    // warm
    'what a lovely thing to wake up to!',
    'what a brilliant photo!',
    'what a great idea, we will pass it on.',
    'how lovely to hear from you!',
    'that is so kind of you!',
    'this made our day, thank you!',
    'lots of love to {pet} from all of us.',
    'what a treat to read this!',
    // busy lines
    'sorry for the wait, there has been a long queue on our lines today.',
    'apologies, we have had a big queue of messages this morning.',
    'apologies for the slow reply, it has been a very busy {day}.',
    'sorry for the delay, we have had a lot of messages today.',
    // next time, kindly
    'next time you are in, the {treat} is on us.',
    'a free {treat} is waiting in the app for next time.',
    'see you next time!',
    'we hope to see you again next time you are in {place}.',
    'there is a voucher in your account for next time.',
    'for your next order, the code WELCOME10 takes 10% off.',
    // the answer they hoped for
    'we understand this is not the answer you were hoping for. {alt}',
    'we know this is disappointing, and we are sorry. {alt}',
    'we are sorry this has left you unhappy. {alt}',
    'I understand why this is frustrating. {alt}',
    // not able to, with what we can do
    'we are not able to {cannot} at the moment, but {alt2}.',
    'we cannot {cannot}, sorry, but {alt2}.',
    'unfortunately we are not able to {cannot}. {alt}',
    'we are not able to share an update just yet. We will post it here as soon as we have one.',
    // not ours, here is who can help
    'customs times are set by the customs office, so they are the best people to ask.',
    '{plural} are set by {setter}, and they can help you with this: {url}',
    'this one is handled by {setter}, and we have passed your message on to them.',
    // feedback
    'thanks, that is really useful to hear and we will bear it in mind.',
    'thanks for the feedback, we have passed it on to the {team}.',
    'thanks, we will share this with the {team}.',
  ],
  slots: {
    name: ['Sam', 'Ana', 'Jo', 'Kemi', 'Raj', 'Lou', 'Gav', 'Ines', 'Mark', 'Tash', 'Olu', 'Bea', 'Cal', 'Dee', 'Fi'],
    handle: ['user', 'cust', 'fan', 'shopper', 'rider', 'member', 'guest', 'reader', 'driver', 'mum_of', 'tech'],
    plural: [
      'prices',
      'delivery slots',
      'premiums',
      'fares',
      'opening hours',
      'menus',
      'room rates',
      'refunds',
      'service charges',
      'tariffs',
      'waiting times',
      'seat reservations',
    ],
    plural2: ['opening hours', 'menus', 'timetables', 'delivery slots', 'class schedules'],
    single: ['the price list', 'the timetable', 'the menu', 'the data allowance', 'the loyalty scheme', 'our pricing'],
    reviewed: ['reviewed', 'updated', 'checked', 'looked at'],
    every: ['every quarter', 'once a year', 'each spring', 'every few months', 'every autumn', 'twice a year'],
    factor: ['season', 'postcode', 'time of day', 'size of the order', 'branch', 'type of ticket'],
    setter: ['the regulator', 'the council', 'the airport', 'the bank', 'the operator', 'the government', 'the courier'],
    checked: ['charged', 'tested', 'cleaned', 'checked', 'serviced', 'inspected'],
    use: ['rental', 'hire', 'trip', 'booking', 'stay', 'ride'],
    item: ['device', 'bike', 'scooter', 'tag', 'pass', 'coat', 'kettle', 'car seat', 'card', 'router'],
    site: ['warehouse', 'workshop', 'depot', 'store', 'cafe', 'branch', 'garden centre'],
    network: ['motorway', 'bus route', 'tram line', 'network', 'charging point', 'contactless reader'],
    country: ['Canada', 'the UK', 'Ireland', 'the country', 'Scotland', 'Wales'],
    place: ['the airport', 'our Leeds store', 'the station', 'Bristol', 'the city centre', 'Cardiff', 'York'],
    plan: ['pay as you go', 'a rolling plan', 'a 30-day plan', 'a flexible plan'],
    plan2: ['plan', 'account', 'tariff', 'membership', 'policy', 'contract'],
    tie: ['minimum term', 'exit fee', 'notice period', 'cancellation charge'],
    fee: ['charge', 'fee', 'booking fee', 'card fee', 'admin fee'],
    offer2: ['offer', 'sale', 'discount', 'promotion', 'free trial', 'bundle'],
    date: ['on Sunday', 'at midnight tonight', 'on the 30th', 'at the end of the month', 'next Friday'],
    time: ['3-5 working days', 'a week', '48 hours', '10 days', 'two billing cycles'],
    fact: [
      'the courier scanned the parcel at your door at {clock}',
      'the driver left the parcel in your safe place at {clock}',
      'the refund went out on {weekday}',
      'the payment was taken on {weekday}',
      'two orders on your account',
      'the engineer is booked for {weekday}',
      'your last reading came in on {weekday}',
      'the booking is for two people on {weekday}',
      'your new card was sent on {weekday}',
      'the parcel is at the local depot',
      'the order left our warehouse this morning',
      'your account is up to date',
    ],
    help: [
      'could you check with your neighbours?',
      'we have opened a claim with the courier',
      'I have asked the depot to look into it',
      'the money should be with you by {weekday}',
      'we will keep an eye on it for you',
      'there is nothing you need to do',
      'I have sent you the details by DM',
    ],
    help2: [
      'If that does not match what you have, let us know and we will dig deeper.',
      'If it has not turned up by {weekday}, we will send a new one.',
      'Could you DM us a photo of the door so we can check with the driver?',
      'I have asked the courier for the photo from the doorstep.',
    ],
    clock: ['10:37', '9:05', '14:20', '17:58', '8:30', '12:15', '16:03'],
    weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the 3rd', 'the 12th'],
    issue: ['outage', 'fault', 'network issue', 'power cut', 'problem', 'service issue'],
    machine: ['washing machine', 'dishwasher', 'tumble dryer', 'oven'],
    when: ['until 8pm tonight', 'on bank holidays', 'from 7am', 'all weekend', 'on Sundays'],
    can: ['bring your dog', 'pay by phone', 'change the date online', 'use it abroad', 'collect it tomorrow'],
    pet: ['Biscuit', 'the pup', 'your cat', 'Luna', 'the little one', 'Max'],
    day: ['day', 'weekend', 'morning', 'week', 'afternoon'],
    treat: ['coffee', 'pizza', 'dessert', 'cake', 'hot chocolate', 'drink'],
    alt: [
      'We can offer a refund as credit if that helps.',
      'What we can do is move the booking to another date for free.',
      'A manager will call you tomorrow to talk it through.',
      'We have added a note to your account and passed your comments on.',
      'The appeal form is here if you would like a second review: {url}',
      'We can book you onto the next available slot.',
    ],
    alt2: [
      'we can let you know as soon as it changes',
      'we can add you to the waiting list',
      'our store team can help in person',
      'we can send a new one today',
      'the next slot is on {weekday}',
    ],
    cannot: [
      'change the date once the ticket is issued',
      'share a date yet',
      'hold the item for longer',
      'refund the booking fee',
      'deliver on Sundays',
    ],
    team: ['product team', 'store manager', 'menu team', 'app team', 'people who plan the timetable'],
    ref: ['order number', 'booking reference', 'postcode', 'account number'],
    offer: ['call you back', 'send you a returns label', 'book an engineer', 'set up a reminder'],
    step: ['restarting the router', 'updating the app', 'signing out and back in', 'clearing the cache'],
    url: ['https://t.co/aB3xQ', 'https://t.co/Help12', 'https://t.co/faq77', 'https://t.co/k9Lm2'],
  },
  emoji: ['😊', '🙂', '👍', '💛', '🙏', '✨', '😄'],
  signatures: ['^Fay', '^Mo', '-Shaz', '^TR', '^Lu', '^Ben', '^Dee', '^Ali', '^CX', '^Dana', '-Kim', '^JB'],
};

en.contract = [
  [/\bwe will\b/g, "we'll"],
  [/\bWe will\b/g, "We'll"],
  [/\bwe are\b/g, "we're"],
  [/\bWe are\b/g, "We're"],
  [/\bwe have (?=checked|passed|added|opened|had|looked|asked)/g, "we've "],
  [/\bWe have (?=checked|passed|added|opened|had|looked|asked)/g, "We've "],
  [/\bI have (?=checked|passed|added|opened|had|looked|asked|sent)/g, "I've "],
  [/\bit is\b/g, "it's"],
  [/\bthat is\b/g, "that's"],
  [/\bthere is\b/g, "there's"],
  [/\bis not\b/g, "isn't"],
  [/\bdoes not\b/g, "doesn't"],
  [/\bcould not\b/g, "couldn't"],
  [/\bcannot\b/g, "can't"],
  [/\bhas not\b/g, "hasn't"],
  [/\byou are\b/g, "you're"],
];

const fr = {
  openers: [
    'Bonjour {name},',
    'Bonjour,',
    'Salut {name} !',
    'Bonsoir {name},',
    'Merci pour votre message.',
    'Bonne question !',
    'Désolés pour l’attente, {name}.',
    'Merci de votre patience, {name}.',
    'Allo {name}!',
    'Hello {name},',
    'Coucou {name} !',
  ],
  followups: [
    'Pouvons-nous vous aider pour autre chose ?',
    'N’hésitez pas si vous avez d’autres questions.',
    'Dites-nous si ça vous aide.',
    'On vous tient au courant si ça change.',
    'Envoyez-nous votre {ref} en MP et on regarde.',
    'On reste à votre écoute.',
    'Belle {day} à vous !',
    'Plus de détails ici : {url}',
    'Si vous le souhaitez, on peut {offer}.',
    'Pouvez-vous essayer de {step} et nous dire ce que ça donne ?',
    'Merci pour votre compréhension.',
    'Bonne {day} !',
    'Si besoin, on est là.',
  ],
  cores: [
    // un fait ou une règle, sans personne
    'les {plural2} sont {revus} {every}.',
    'les {plural} varient selon {factor}.',
    'les {plural} dépendent {factor2}.',
    'les {plural} sont fixés par {setter}.',
    'les dates de livraison affichées sont des estimations, on vous prévient s’il y a du changement.',
    '{equipfact}',
    'chaque {item} est {verifie} avant de quitter notre {site}.',
    'le badge fonctionne sur toutes les {network} de {country}.',
    'c’est sans engagement, résiliable à tout moment.',
    'il n’y a pas de frais pour ça.',
    'il n’y a pas de {fee} sur cette offre.',
    'il n’y a plus de place sur ce créneau, mais il en reste {slotwhen}.',
    'il n’y a pas de travaux prévus dans votre quartier ce mois-ci.',
    'il n’y a aucun souci, on s’en occupe.',
    'il n’y a pas de minimum de commande.',
    'l’offre court jusqu’au {date}.',
    'le remboursement peut prendre jusqu’à {time} pour apparaître.',
    // ce que le système montre, pour aider
    'notre système indique que {fact}.',
    'notre système indique que {fact}, {help}.',
    'd’après nos informations, {fact}.',
    'd’après le suivi, {fact}. {help2}',
    'je vois que {fact}.',
    'je vois que {fact}, {help}.',
    // vérifié, rien d’anormal, puis une suite
    'on a regardé et on ne voit pas de coupure sur votre rue pour l’instant.',
    'on a vérifié et il n’y a pas de panne de notre côté en ce moment.',
    'on a vérifié, tout est en ordre de notre côté, {help}.',
    'aucun incident n’a été signalé près de chez vous aujourd’hui.',
    // oui, ...
    'oui, ce {item} est garanti deux ans.',
    'oui, notre {site} est ouvert {when}.',
    'oui, c’est bien ça, l’offre se termine le {date}.',
    'oui, tout à fait !',
    'oui, vous pouvez {can}.',
    'oui, les deux sont compris.',
    'oui, il en reste au magasin de {place}.',
    'oui, c’est celui-là.',
    // chaleureux
    'quel plaisir de lire un message comme le vôtre !',
    'quelle belle photo !',
    'quelle bonne idée, on la transmet !',
    'quel plaisir d’avoir de vos nouvelles !',
    'c’est trop gentil !',
    'ça nous a fait très plaisir, merci !',
    'un gros câlin à {pet} de toute l’équipe.',
    'plein de bonnes ondes pour la suite !',
    'ravis que l’appli vous rende service au quotidien !',
    // lignes chargées
    'désolés pour l’attente, nos lignes sont très chargées aujourd’hui.',
    'désolés, nos conseillers ont été très sollicités ce matin.',
    'pardon pour la réponse tardive, la journée a été très chargée.',
    // la prochaine fois, comme une offre
    'la prochaine fois, le {treat} est pour nous.',
    'on vous a mis un {treat} offert sur votre carte, à utiliser la prochaine fois que vous passez.',
    'à la prochaine fois !',
    'au plaisir de vous revoir la prochaine fois que vous passez à {place}.',
    'un bon d’achat vous attend sur votre compte pour la prochaine fois.',
    'pour votre prochaine commande, le code BIENVENUE vous donne 10 %.',
    // pas la réponse espérée
    'on se doute que ce n’est pas la nouvelle que vous attendiez. {alt}',
    'on sait que c’est décevant, et on en est désolés. {alt}',
    'on comprend tout à fait votre agacement. {alt}',
    'je comprends que ce soit agaçant. {alt}',
    // pas en mesure, avec ce qu’on peut faire
    'nous ne sommes pas en mesure de {cannot} pour le moment, mais {alt2}.',
    'on ne peut pas {cannot}, désolés, mais {alt2}.',
    'malheureusement, nous ne pouvons pas {cannot}. {alt}',
    'nous n’avons pas encore d’information à partager, on la publiera ici dès qu’on l’aura.',
    // ça ne dépend pas de nous : qui peut aider
    'le passage en douane prend un temps que nous ne maîtrisons pas, le service des douanes pourra vous en dire plus.',
    'les {plural} sont fixés par {setter}, qui pourra vous aider ici : {url}',
    'ce point est géré par {setter}, on leur a transmis votre message.',
    // retours
    'merci pour votre retour, on le prend en compte.',
    'merci pour votre retour, on l’a transmis à {team}.',
    'merci, on partage ça avec {team}.',
  ],
  slots: {
    name: ['Léa', 'Karim', 'Julie', 'Yann', 'Inès', 'Marc', 'Sophie', 'Théo', 'Nadia', 'Luc', 'Émilie', 'Hugo'],
    handle: ['client', 'user', 'abonne', 'voyageur', 'lectrice', 'fan', 'membre', 'cliente', 'maman_de'],
    plural: ['prix', 'tarifs', 'horaires', 'frais de livraison', 'menus', 'abonnements', 'délais', 'créneaux'],
    plural2: ['horaires', 'menus', 'créneaux', 'itinéraires', 'programmes'],
    revus: ['revus', 'mis à jour', 'réexaminés', 'actualisés'],
    every: ['chaque trimestre', 'une fois par an', 'chaque printemps', 'régulièrement', 'deux fois par an'],
    factor: ['la saison', 'le code postal', 'l’heure', 'le magasin', 'la taille', 'la quantité'],
    factor2: ['de la saison', 'du trajet', 'de la région', 'du poids du colis', 'de l’heure de commande'],
    setter: ['le régulateur', 'la mairie', 'l’aéroport', 'la banque', 'l’opérateur du réseau', 'l’État', 'le transporteur'],
    equipfact: ['les vélos sont révisés avant chaque sortie.', 'les trottinettes sont vérifiées après chaque retour.', 'les chambres sont nettoyées à fond entre deux séjours.', 'les sièges auto sont contrôlés avant chaque location.'],
    verifie: ['testé', 'contrôlé', 'nettoyé', 'vérifié'],
    use: ['location', 'départ', 'séjour', 'trajet', 'réservation'],
    item: ['manteau', 'pull', 'sac', 'vélo', 'badge', 'casque', 'plaid'],
    site: ['entrepôt', 'atelier', 'magasin', 'dépôt', 'restaurant', 'salon'],
    network: ['autoroutes', 'lignes', 'bornes', 'stations'],
    country: ['France', 'Belgique', 'Suisse', 'la région'],
    place: ['Lyon', 'Lille', 'Genève', 'Bruxelles', 'Montréal', 'la gare', 'Nantes'],
    fee: ['frais de dossier', 'frais de résiliation', 'frais cachés', 'frais de carte'],
    when: ['jusqu’à 20 h ce soir', 'les jours fériés', 'dès 7 h', 'tout le week-end', 'le dimanche', 'samedi matin'],
    date: ['31', '15 juin', 'dimanche soir', 'fin du mois', 'vendredi'],
    time: ['5 à 7 jours', 'une semaine', '48 h', '10 jours ouvrés'],
    fact: [
      'la commande a été déposée en point relais {weekday}',
      'le livreur est passé à {clock}',
      'le remboursement est parti {weekday}',
      'le paiement a été pris {weekday}',
      'il y a deux commandes sur votre compte',
      'le technicien est prévu {weekday}',
      'votre dernier relevé date de {weekday}',
      'la réservation est pour deux personnes {weekday}',
      'le colis est à l’agence la plus proche',
      'la commande a quitté l’entrepôt ce matin',
      'votre compte est à jour',
    ],
    help: [
      'pouvez-vous vérifier auprès de vos voisins ?',
      'on a ouvert une enquête auprès du transporteur',
      'j’ai demandé au dépôt de vérifier',
      'l’argent devrait arriver d’ici {weekday}',
      'vous n’avez rien à faire',
      'je vous envoie le détail en MP',
    ],
    help2: [
      'Si ça ne correspond pas à ce que vous voyez, dites-le-nous et on creuse.',
      'S’il n’est pas arrivé {weekday}, on vous en renvoie un.',
      'On a demandé la photo de livraison au transporteur.',
    ],
    clock: ['10 h 37', '9 h 05', '14 h 20', '17 h 58', '8 h 30', '12 h 15'],
    weekday: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'le 3', 'le 12'],
    can: ['venir avec votre chien', 'payer par téléphone', 'changer la date en ligne', 'l’utiliser à l’étranger', 'le retirer demain'],
    pet: ['Biscotte', 'votre toutou', 'ton chat', 'Luna', 'la petite', 'Filou'],
    day: ['journée', 'soirée', 'semaine', 'fin de semaine'],
    slotwhen: ['samedi matin', 'demain après-midi', 'jeudi à 14 h', 'la semaine prochaine'],
    treat: ['café', 'dessert', 'croissant', 'chocolat chaud', 'verre'],
    alt: [
      'On peut vous proposer un avoir, si ça vous aide.',
      'On peut déplacer la réservation gratuitement à une autre date.',
      'Un responsable vous rappelle demain pour en parler.',
      'On a ajouté une note au dossier et transmis vos remarques.',
      'Le formulaire de recours est ici si vous souhaitez un second examen : {url}',
      'On peut vous inscrire sur le prochain créneau disponible.',
    ],
    alt2: [
      'on vous prévient dès que ça change',
      'on peut vous inscrire sur la liste d’attente',
      'l’équipe du magasin peut vous aider sur place',
      'on vous en envoie un nouveau aujourd’hui',
      'le prochain créneau est {weekday}',
    ],
    cannot: [
      'vous donner une date',
      'modifier le billet une fois émis',
      'garder l’article plus longtemps',
      'livrer le dimanche',
    ],
    team: ['l’équipe produit', 'la responsable du magasin', 'l’équipe de l’appli', 'le chef', 'le service concerné'],
    ref: ['numéro de commande', 'numéro de réservation', 'code postal', 'numéro client'],
    offer: ['vous rappeler', 'vous envoyer une étiquette de retour', 'planifier un technicien', 'vous prévenir par SMS'],
    step: ['redémarrer la box', 'mettre l’appli à jour', 'vous déconnecter puis reconnecter', 'vider le cache'],
    url: ['https://t.co/aB3xQ', 'https://t.co/Aide12', 'https://t.co/faq77', 'https://t.co/k9Lm2'],
  },
  emoji: ['😊', '🙂', '👍', '💛', '🙏', '✨', '😄'],
  signatures: ['^Lina', '^Anne', '^Yann', '^Jess', '^Reto', '^Clara', '^Sara', '^Sky', '^Lotte', '^Gus', '-Léa', '^Tom'],
};

const count = Number(process.argv[2] ?? 1500);
const header = (lang) =>
  lang === 'en'
    ? '# GENERATED by training/neutral-7-generate.mjs (fixed seed; do not edit by hand, rerun it).\n# Neutral brand replies written by the replylint team against the tone model\'s false alarms; see the script.\n[none]\n'
    : '# GÉNÉRÉ par training/neutral-7-generate.mjs (graine fixe ; ne pas modifier à la main, relancer le script).\n# Réponses de marque neutres écrites par l\'équipe replylint contre les fausses alertes du modèle de ton ; voir le script.\n[none]\n';
for (const [lang, bank, seed] of [
  ['en', en, 7071],
  ['fr', fr, 7072],
]) {
  const lines = generate(bank, seed, count);
  writeFileSync(join(here, lang, 'neutral-7a.txt'), header(lang) + lines.join('\n') + '\n');
  console.log(`training/${lang}/neutral-7a.txt: ${lines.length} lines`);
}

// Refusals, bad news, corrections and firm rules said kindly (neutral-7d): a "no" with its reason and,
// most of the time, what can be done instead; bare "no" answers; the customer's facts put right
// without a jab. Written after the held-out sets 7 and 8 were committed, from the same kinds the
// brief named, never from their sentences.
function refusals(bank, seed, count) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = new Set();
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    const r = random();
    let line;
    if (r < 0.5) {
      line = `${pick(bank.no)} ${pick(bank.refusal)}.`;
      if (random() < 0.75) line += ` ${pick(bank.instead)}`;
    } else if (r < 0.72) line = `${pick(bank.bad)}${random() < 0.8 ? ` ${pick(bank.instead)}` : ''}`;
    else if (r < 0.9) line = `${pick(bank.correct)}${random() < 0.5 ? ` ${pick(bank.soft)}` : ''}`;
    else line = pick(bank.terse);
    line = fill(line, bank.slots, pick);
    line = line.charAt(0).toUpperCase() + line.slice(1);
    if (bank.contract && random() < 0.7) for (const [a, b] of bank.contract) line = line.replace(a, b);
    line = line.replace(/’/g, "'");
    const open = random();
    if (open < 0.45) line = `${fill(pick(bank.hi), bank.slots, pick)} ${line.charAt(0).toLowerCase() + line.slice(1)}`;
    const handle = random() < 0.8 ? `@${pick(bank.slots.handle)}${Math.floor(random() * 900 + 100)} ` : '';
    const sig = random() < 0.4 ? ` ${pick(bank.sigs)}` : '';
    out.add(`${handle}${line}${sig}`);
  }
  return [...out];
}

const enR = {
  hi: ['Hi {name},', 'Hello {name},', 'Hey {name},', 'Hi there,', 'Morning {name},'],
  no: ['Sorry, we can’t', 'Unfortunately we can’t', 'I’m afraid we can’t', 'We’re not able to', 'Sadly we can’t', 'We can’t', 'No, we can’t'],
  refusal: [
    'refund a ticket once the journey has started, as the fare rules don’t allow it',
    'change the name on a booking once it’s issued',
    'hold stock for more than two days',
    'open the kitchen after 10pm',
    'extend the offer',
    'ship to that country yet, as our courier doesn’t cover it',
    'unlock the handset until the plan ends, it’s part of the contract',
    'add a second discount code',
    'reopen a closed case',
    'take returns on opened software',
    'book a table for more than 10',
    'move the exam date',
    'give out account details here',
    'send an engineer before Friday',
    'cover the cost of the hotel',
    'waive the late fee again',
    'upgrade the seat for free',
    'collect from a PO box',
    'let dogs into the dining room, for hygiene reasons',
    'price match online marketplaces',
  ],
  reason: [
    ', as the fare rules don’t allow it',
    ' because the system locks it once it’s issued',
    ', it’s part of the licence we hold',
    ' as it’s a rule set by the operator',
    ' because the warehouse has already packed it',
    ', for safety reasons',
    ' while the review is still open',
    ', as the offer has ended for everyone',
    ' since the part is no longer made',
    ' on our side',
  ],
  instead: [
    'What we can do is {alt}.',
    'We can {alt}, though.',
    'The next best option is to {alt}.',
    'If it helps, we can {alt}.',
    'Here’s what we can offer instead: {alt}.',
    'Sorry it’s not better news.',
    'We know that’s disappointing.',
    'The details are here: {url}',
  ],
  alt: [
    'move it to another date for free',
    'refund it as credit',
    'add you to the waiting list',
    'call you as soon as it changes',
    'send a prepaid returns label',
    'book the next free slot on {day}',
    'apply 10% off your next order',
    'put a note on the account',
    'pass your comments to the manager',
    'check the other branches for you',
  ],
  bad: [
    'I’m sorry to say the {thing} has been cancelled.',
    'Bad news, I’m afraid: the {thing} is delayed until {day}.',
    'Unfortunately the {thing} is sold out.',
    'Sorry, the {thing} won’t be going ahead this year.',
    'I’m afraid your claim wasn’t approved this time.',
    'Sadly the {thing} has been discontinued.',
    'We’re sorry, the {thing} is fully booked.',
    'Sorry, the {thing} is closed today for repairs.',
    'I’m afraid the price of the {thing} goes up on the 1st.',
    'Sorry, your application wasn’t successful on this occasion.',
  ],
  correct: [
    'Just to clear it up, the {thing} is on {day}, not {day2}.',
    'Small correction: the fee is £{n}, not £{m}.',
    'Just so you know, the offer is for new customers only.',
    'To clarify, the charge is a hold, not a payment, and it drops off in a few days.',
    'It’s actually the {thing} on {day}, the email had an old date.',
    'The price on the page was for the small size, the large is £{m}.',
    'The parcel hasn’t been lost, it’s at the {place} depot.',
    'You were charged once; the second line is a pending hold.',
    'That text wasn’t from us, we never ask for codes by message.',
    'The store hasn’t closed, it’s moved to {place}.',
    'Easy mix-up: the {thing} starts at {n}pm, not {n2}pm.',
  ],
  soft: ['Sorry for the confusion!', 'Easy to miss!', 'Sorry if that wasn’t clear.', 'Thanks for checking with us.', 'Hope that helps.'],
  terse: ['No, sorry.', 'Not yet.', 'Sadly not.', 'Afraid not.', 'No, it’s online only.', 'Not at the moment.', 'Sold out, sorry!', 'Not this time, sorry.', 'That’s a no, sorry.', 'No, that one’s gone.', 'Closed today, sorry.', 'No, but soon!'],
  slots: {
    name: ['Sam', 'Ana', 'Jo', 'Kemi', 'Raj', 'Lou', 'Gav', 'Ines', 'Mark', 'Tash', 'Olu', 'Bea', 'Cal', 'Dee', 'Fi'],
    handle: ['user', 'cust', 'fan', 'shopper', 'rider', 'member', 'guest', 'reader', 'player', 'parent'],
    thing: ['concert', 'course', 'event', 'match', 'workshop', 'tour', 'flight', 'ferry', 'class', 'sale', 'market', 'show'],
    day: ['Monday', 'Tuesday', 'Friday', 'the 12th', 'the 20th', 'Saturday'],
    day2: ['Sunday', 'Thursday', 'the 2nd', 'the 21st'],
    n: ['5', '7', '8', '12'],
    n2: ['6', '9', '10', '11'],
    m: ['6', '9', '15', '18'],
    place: ['Leeds', 'the retail park', 'Station Road', 'the high street', 'Cardiff'],
    url: ['https://t.co/aB3xQ', 'https://t.co/Help12', 'https://t.co/faq77'],
  },
  sigs: ['^AB', '^KT', '-Sam', '^JL', '^MO', '^RK', '^DW', '^Lu'],
  contract: en.contract,
};

const frR = {
  hi: ['Bonjour {name},', 'Bonjour,', 'Salut {name},', 'Bonsoir {name},', 'Allo {name},'],
  no: ['Désolés, on ne peut pas', 'Malheureusement, nous ne pouvons pas', 'On ne peut pas', 'Nous ne sommes pas en mesure de', 'Hélas, on ne peut pas', 'Non, on ne peut pas'],
  refusal: [
    'rembourser un billet une fois le trajet commencé, les règles du tarif ne le permettent pas',
    'changer le nom sur une réservation',
    'garder un article plus de deux jours',
    'rouvrir la cuisine après 22 h',
    'prolonger l’offre',
    'livrer dans ce pays pour l’instant, notre transporteur ne le couvre pas',
    'désimlocker le téléphone avant la fin du contrat, c’est une condition de l’offre',
    'cumuler deux codes promo',
    'rouvrir un dossier clos',
    'reprendre un logiciel ouvert',
    'réserver pour plus de 10 personnes',
    'déplacer la date de l’examen',
    'donner les informations du compte ici',
    'envoyer un technicien avant vendredi',
    'prendre en charge l’hôtel',
    'annuler les frais de retard une deuxième fois',
    'surclasser gratuitement',
    'livrer en boîte postale',
    'accepter les chiens en salle, pour des raisons d’hygiène',
    's’aligner sur les prix des places de marché',
  ],
  reason: [
    ', les règles du tarif ne le permettent pas',
    ', le système le bloque une fois le billet émis',
    ', c’est une condition de notre licence',
    ', c’est une règle fixée par l’exploitant',
    ', le colis est déjà préparé',
    ' pour des raisons de sécurité',
    ' tant que l’examen du dossier est en cours',
    ', l’offre est terminée pour tout le monde',
    ', la pièce n’est plus fabriquée',
  ],
  instead: [
    'Par contre, on peut {alt}.',
    'Ce qu’on peut faire, c’est {alt}.',
    'La meilleure option, c’est de {alt}.',
    'Si ça vous aide, on peut {alt}.',
    'Désolés de ne pas avoir de meilleure nouvelle.',
    'On sait que c’est décevant.',
    'Tous les détails ici : {url}',
  ],
  alt: [
    'le reporter gratuitement à une autre date',
    'vous rembourser en avoir',
    'vous inscrire sur la liste d’attente',
    'vous appeler dès que ça change',
    'vous envoyer une étiquette de retour prépayée',
    'réserver le prochain créneau libre {day}',
    'vous offrir 10 % sur la prochaine commande',
    'ajouter une note au dossier',
    'transmettre vos remarques au responsable',
    'vérifier les autres magasins pour vous',
  ],
  bad: [
    'J’ai le regret de vous dire que le {thing} est annulé.',
    'Mauvaise nouvelle, hélas : le {thing} est reporté à {day}.',
    'Malheureusement, le {thing} est complet.',
    'Désolés, le {thing} n’aura pas lieu cette année.',
    'Votre demande n’a malheureusement pas été acceptée cette fois.',
    'Hélas, le {thing} n’est plus proposé.',
    'Désolés, le {thing} est fermé aujourd’hui pour travaux.',
    'Le prix du {thing} augmente malheureusement au 1er du mois.',
    'Votre candidature n’a pas été retenue cette fois-ci.',
  ],
  correct: [
    'Pour clarifier, le {thing} a lieu {day}, pas {day2}.',
    'Petite précision : les frais sont de {n} €, pas {m} €.',
    'Pour info, l’offre est réservée aux nouveaux clients.',
    'Pour être clair, c’est une empreinte bancaire, pas un paiement : elle disparaît sous quelques jours.',
    'C’est en fait le {thing} de {day}, le mail avait une ancienne date.',
    'Le prix affiché était celui de la petite taille, la grande est à {m} €.',
    'Le colis n’est pas perdu, il est au dépôt de {place}.',
    'Vous n’avez été débité qu’une fois, la deuxième ligne est une autorisation en attente.',
    'Ce SMS ne vient pas de nous, on ne demande jamais de code par message.',
    'Le magasin n’a pas fermé, il a déménagé {place}.',
    'Confusion fréquente : le {thing} commence à {n} h, pas à {n2} h.',
  ],
  soft: ['Désolés pour la confusion !', 'Facile à rater !', 'Désolés si ce n’était pas clair.', 'Merci d’avoir vérifié avec nous.', 'En espérant que ça aide.'],
  terse: ['Non, désolés.', 'Pas encore.', 'Hélas non.', 'Malheureusement non.', 'Non, uniquement en ligne.', 'Pas pour le moment.', 'Épuisé, désolés !', 'Pas cette fois, désolés.', 'C’est non, désolés.', 'Non, il n’y en a plus.', 'Fermé aujourd’hui, désolés.', 'Non, mais bientôt !'],
  slots: {
    name: ['Léa', 'Karim', 'Julie', 'Yann', 'Inès', 'Marc', 'Sophie', 'Théo', 'Nadia', 'Luc', 'Émilie', 'Hugo'],
    handle: ['client', 'user', 'abonne', 'voyageur', 'lectrice', 'fan', 'membre', 'joueur', 'parent'],
    thing: ['concert', 'stage', 'salon', 'match', 'circuit', 'vol', 'bac', 'cours', 'marché', 'spectacle'],
    day: ['lundi', 'mardi', 'vendredi', 'le 12', 'le 20', 'samedi'],
    day2: ['dimanche', 'jeudi', 'le 2', 'le 21'],
    n: ['5', '7', '8', '12'],
    n2: ['6', '9', '10', '11'],
    m: ['6', '9', '15', '18'],
    place: ['à Lyon', 'dans la zone commerciale', 'rue de la Gare', 'dans le centre', 'à Nantes'],
    url: ['https://t.co/aB3xQ', 'https://t.co/Aide12', 'https://t.co/faq77'],
  },
  sigs: ['^AB', '^KT', '-Léa', '^JL', '^MO', '^RK', '^DW', '^Lu'],
};

enR.slots.alt = enR.alt;
frR.slots.alt = frR.alt;

const countD = Number(process.argv[3] ?? 800);
// FR (frR, seed 7074) is kept for a later try but not written: trained with it, the FR model gained
// nothing on our neutral sets and lost a hostile reply of written.jsonl (session 7, measured).
for (const [lang, bank, seed] of [['en', enR, 7073]]) {
  const lines = refusals(bank, seed, countD);
  writeFileSync(join(here, lang, 'neutral-7d.txt'), header(lang) + lines.join('\n') + '\n');
  console.log(`training/${lang}/neutral-7d.txt: ${lines.length} lines`);
}
