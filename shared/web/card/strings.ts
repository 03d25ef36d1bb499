/** The card's words in each language it speaks, chosen by its `lang` attribute. */
export const strings = {
  en: {
    title: 'Refer a friend',
    yourCode: 'Your referral code',
    copyCode: 'Copy code',
    copyLink: 'Copy link',
    copied: 'Copied to the clipboard',
    share: 'Share',
    whatsapp: 'WhatsApp',
    email: 'E-mail',
    shareText: (code: string, url: string) => `Get ₹2,000 off your next trip with my code ${code}: ${url}`,
    emailSubject: 'A discount on your next trip',
    balance: 'Your points',
    points: (n: string) => `${n} points`,
    expiring: (n: string, date: string) => `${n} points expire before ${date}`,
    held: 'On their way',
    heldItem: (n: string, date: string) => `${n} points on ${date}`,
    referrals: 'Your referrals',
    noReferrals: 'Nobody has used your code yet. Share it!',
    states: {
      applied: 'Booked, not paid yet',
      converted: 'Paid',
      reversed: 'Refunded',
      released: 'Code removed',
    } as Record<string, string>,
    credit: {
      credited: 'points credited',
      pending: 'points on their way',
      review: 'under review',
      withheld: 'withheld',
      rejected: 'not credited',
      cancelled: 'cancelled',
      none: '',
    } as Record<string, string>,
    signIn: 'Sign in to see your referral code and points.',
    expired: 'Your session has expired. Sign in again to see your referral card.',
    noCode: 'Your referral code arrives after your first paid booking.',
    failed: 'The referral card could not load. Try again later.',
    loading: 'Loading your referral card…',
  },
  hi: {
    title: 'दोस्त को रेफ़र करें',
    yourCode: 'आपका रेफ़रल कोड',
    copyCode: 'कोड कॉपी करें',
    copyLink: 'लिंक कॉपी करें',
    copied: 'क्लिपबोर्ड पर कॉपी हो गया',
    share: 'शेयर करें',
    whatsapp: 'व्हाट्सऐप',
    email: 'ई-मेल',
    shareText: (code: string, url: string) => `मेरे कोड ${code} से अपनी अगली यात्रा पर ₹2,000 की छूट पाएँ: ${url}`,
    emailSubject: 'आपकी अगली यात्रा पर छूट',
    balance: 'आपके पॉइंट',
    points: (n: string) => `${n} पॉइंट`,
    expiring: (n: string, date: string) => `${n} पॉइंट ${date} से पहले समाप्त होंगे`,
    held: 'आने वाले पॉइंट',
    heldItem: (n: string, date: string) => `${date} को ${n} पॉइंट`,
    referrals: 'आपके रेफ़रल',
    noReferrals: 'अभी तक किसी ने आपका कोड इस्तेमाल नहीं किया। इसे शेयर करें!',
    states: {
      applied: 'बुक किया, भुगतान बाकी',
      converted: 'भुगतान हो गया',
      reversed: 'रिफ़ंड हुआ',
      released: 'कोड हटाया गया',
    } as Record<string, string>,
    credit: {
      credited: 'पॉइंट जमा हुए',
      pending: 'पॉइंट आ रहे हैं',
      review: 'जाँच में',
      withheld: 'रोके गए',
      rejected: 'जमा नहीं हुए',
      cancelled: 'रद्द',
      none: '',
    } as Record<string, string>,
    signIn: 'अपना रेफ़रल कोड और पॉइंट देखने के लिए साइन इन करें।',
    expired: 'आपका सत्र समाप्त हो गया है। रेफ़रल कार्ड देखने के लिए फिर से साइन इन करें।',
    noCode: 'आपका रेफ़रल कोड आपकी पहली भुगतान की गई बुकिंग के बाद मिलेगा।',
    failed: 'रेफ़रल कार्ड लोड नहीं हो सका। बाद में फिर कोशिश करें।',
    loading: 'आपका रेफ़रल कार्ड लोड हो रहा है…',
  },
} as const;

/** A language the card speaks. */
export type Lang = keyof typeof strings;

/** The strings of `lang` (English for any language the card does not speak). */
export function stringsFor(lang: string | null): (typeof strings)[Lang] {
  return lang?.toLowerCase().startsWith('hi') ? strings.hi : strings.en;
}
