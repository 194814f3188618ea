/**
 * Starter journeys for the template picker, written in our own words. Each is a plausible
 * flow a product team would recognise, with the data each step handles and the places where
 * data crosses a trust boundary (the user's device to our backend, our backend to a third
 * party, and back), so a workshop can start storming threats straight away.
 *
 * Templates refer to steps by a local `key`; `instantiateTemplate` gives every entity a fresh
 * id, so the same template can be placed any number of times in one session.
 */
import { layoutJourney } from './layout.ts';
import type { Flow, Journey, Step, StepKind } from './schema.ts';
import type { STANDARD_DATA_TAGS } from './step-kinds.ts';

export type TemplateDataTag = (typeof STANDARD_DATA_TAGS)[number];

export interface TemplateStep {
  key: string;
  kind: StepKind;
  label: string;
  description: string;
  actor: string;
  dataTags: TemplateDataTag[];
}

export interface TemplateFlow {
  from: string;
  to: string;
  /** What passes along the flow; on a decision's way out, the outcome first ("valid: …"). */
  label: string;
  crossesTrustBoundary: boolean;
}

export interface JourneyTemplate {
  /** A stable slug. */
  id: string;
  name: string;
  persona: string;
  /** One sentence in the user's words. */
  goal: string;
  critical: boolean;
  /** One line for the template picker. */
  summary: string;
  steps: TemplateStep[];
  flows: TemplateFlow[];
}

const signUp: JourneyTemplate = {
  id: 'sign-up',
  name: 'Sign up for an account',
  persona: 'New customer',
  goal: 'I want to create an account so I can start using the product, and be sure nobody else can claim it.',
  critical: true,
  summary: 'A new customer creates an account and confirms their email address.',
  steps: [
    {
      key: 'open',
      kind: 'start',
      label: 'Opens the sign-up page',
      description: 'Arrives from the website, an advert or an invitation link.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'enter',
      kind: 'action',
      label: 'Enters email and chooses a password',
      description: 'Fills in the sign-up form and agrees to the terms.',
      actor: 'Customer',
      dataTags: ['credentials', 'personal'],
    },
    {
      key: 'check',
      kind: 'system',
      label: 'Checks the details',
      description:
        'Checks the email looks real and the password is long enough and not on a list of passwords known from breaches.',
      actor: 'Auth service',
      dataTags: ['credentials', 'personal'],
    },
    {
      key: 'acceptable',
      kind: 'decision',
      label: 'Details acceptable?',
      description:
        'An address that already has an account gets the same answer as a new one, so the form cannot be used to find out who is a customer.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'save',
      kind: 'datastore',
      label: 'Saves the new account',
      description: 'Stores the email address and a salted hash of the password, marked as not yet confirmed.',
      actor: 'User database',
      dataTags: ['credentials', 'personal'],
    },
    {
      key: 'email',
      kind: 'thirdparty',
      label: 'Sends the confirmation email',
      description: 'Our email provider delivers a message with a single-use link that expires after a day.',
      actor: 'Email provider',
      dataTags: ['personal'],
    },
    {
      key: 'click',
      kind: 'action',
      label: 'Clicks the link in the email',
      description: 'Opens the confirmation link, possibly on a different device from the one used to sign up.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'link-ok',
      kind: 'decision',
      label: 'Link genuine and in date?',
      description: 'Checks the token in the link was issued by us, has not been used and has not expired.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'activate',
      kind: 'system',
      label: 'Confirms the account and signs the customer in',
      description: 'Marks the email as confirmed, cancels the token and starts a session.',
      actor: 'Auth service',
      dataTags: ['credentials'],
    },
    {
      key: 'ready',
      kind: 'end',
      label: 'Account ready',
      description: 'The customer is signed in to their new account.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'expired',
      kind: 'end',
      label: 'Asked to request a fresh link',
      description: 'The link was wrong, used or too old; the customer can ask for a new one.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'open', to: 'enter', label: 'sign-up form', crossesTrustBoundary: false },
    { from: 'enter', to: 'check', label: 'email + password', crossesTrustBoundary: true },
    { from: 'check', to: 'acceptable', label: 'check results', crossesTrustBoundary: false },
    { from: 'acceptable', to: 'save', label: 'valid: email + hash', crossesTrustBoundary: false },
    { from: 'acceptable', to: 'enter', label: 'invalid: what to fix', crossesTrustBoundary: true },
    { from: 'save', to: 'email', label: 'email + confirmation link', crossesTrustBoundary: true },
    { from: 'email', to: 'click', label: 'confirmation link', crossesTrustBoundary: true },
    { from: 'click', to: 'link-ok', label: 'confirmation token', crossesTrustBoundary: true },
    { from: 'link-ok', to: 'activate', label: 'valid: account id', crossesTrustBoundary: false },
    { from: 'link-ok', to: 'expired', label: 'invalid: error page', crossesTrustBoundary: true },
    { from: 'activate', to: 'ready', label: 'session cookie', crossesTrustBoundary: true },
  ],
};

const logInWithMfa: JourneyTemplate = {
  id: 'log-in-mfa',
  name: 'Log in with two-step verification',
  persona: 'Returning customer',
  goal: 'I want to get into my account quickly, and know that my password alone is not enough for someone else to get in.',
  critical: true,
  summary: 'A customer logs in with their password and a code sent to their phone.',
  steps: [
    {
      key: 'open',
      kind: 'start',
      label: 'Opens the log-in page',
      description: 'Comes back to the product on a laptop or phone.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'enter',
      kind: 'action',
      label: 'Enters email and password',
      description: 'Types them in or lets the password manager fill them in.',
      actor: 'Customer',
      dataTags: ['credentials'],
    },
    {
      key: 'check',
      kind: 'system',
      label: 'Checks the password',
      description:
        'Looks up the account and compares the password with the stored hash. Counts failed attempts per account and per network address to slow down guessing.',
      actor: 'Auth service',
      dataTags: ['credentials'],
    },
    {
      key: 'accounts',
      kind: 'datastore',
      label: 'Account records',
      description: 'Password hashes, the phone number for codes, and the failed-attempt counters.',
      actor: 'User database',
      dataTags: ['credentials', 'personal'],
    },
    {
      key: 'password-ok',
      kind: 'decision',
      label: 'Password correct?',
      description: 'The answer is the same whether the email or the password was wrong.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'sms',
      kind: 'thirdparty',
      label: 'Texts a one-time code',
      description: 'The SMS gateway sends a six-digit code that works once and expires after five minutes.',
      actor: 'SMS gateway',
      dataTags: ['personal', 'credentials'],
    },
    {
      key: 'code',
      kind: 'action',
      label: 'Enters the code',
      description: 'Reads the code from the text message and types it in.',
      actor: 'Customer',
      dataTags: ['credentials'],
    },
    {
      key: 'code-ok',
      kind: 'decision',
      label: 'Code correct and in time?',
      description: 'Only a few tries are allowed per code.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'session',
      kind: 'system',
      label: 'Starts a session',
      description:
        'Issues a session cookie and records the sign-in (device, rough location, time) so the customer can review recent activity.',
      actor: 'Auth service',
      dataTags: ['credentials', 'location'],
    },
    {
      key: 'signed-in',
      kind: 'end',
      label: 'Signed in',
      description: 'The customer sees their account.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'locked',
      kind: 'end',
      label: 'Locked out for a while',
      description: 'Too many failed tries; the customer is told when they can try again and how to recover the account.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'open', to: 'enter', label: 'log-in form', crossesTrustBoundary: false },
    { from: 'enter', to: 'check', label: 'email + password', crossesTrustBoundary: true },
    { from: 'check', to: 'accounts', label: 'email (account lookup)', crossesTrustBoundary: false },
    { from: 'accounts', to: 'password-ok', label: 'hash + failed attempts', crossesTrustBoundary: false },
    { from: 'password-ok', to: 'sms', label: 'correct: phone + code', crossesTrustBoundary: true },
    { from: 'password-ok', to: 'enter', label: 'wrong: try again', crossesTrustBoundary: true },
    { from: 'password-ok', to: 'locked', label: 'too many tries: locked', crossesTrustBoundary: true },
    { from: 'sms', to: 'code', label: 'one-time code by text', crossesTrustBoundary: true },
    { from: 'code', to: 'code-ok', label: 'one-time code', crossesTrustBoundary: true },
    { from: 'code-ok', to: 'session', label: 'correct: account id', crossesTrustBoundary: false },
    { from: 'code-ok', to: 'code', label: 'wrong or expired: retry', crossesTrustBoundary: true },
    { from: 'code-ok', to: 'locked', label: 'too many tries: locked', crossesTrustBoundary: true },
    { from: 'session', to: 'signed-in', label: 'session cookie', crossesTrustBoundary: true },
  ],
};

const accountRecovery: JourneyTemplate = {
  id: 'account-recovery',
  name: 'Reset a forgotten password',
  persona: 'Customer who forgot their password',
  goal: 'I forgot my password and want to get back into my account, without anyone else being able to do the same.',
  critical: true,
  summary: 'A customer gets a reset link by email, sets a new password and is told it changed.',
  steps: [
    {
      key: 'forgot',
      kind: 'start',
      label: "Clicks 'Forgot password'",
      description: 'Starts from the log-in page after a failed attempt.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'enter',
      kind: 'action',
      label: 'Enters their email address',
      description: 'The address they think the account uses.',
      actor: 'Customer',
      dataTags: ['personal'],
    },
    {
      key: 'found',
      kind: 'decision',
      label: 'Account found?',
      description:
        'Whatever the answer, the page says the same thing ("if there is an account, we have sent an email"), so it cannot be used to find out who is a customer.',
      actor: 'Auth service',
      dataTags: ['personal'],
    },
    {
      key: 'token',
      kind: 'datastore',
      label: 'Stores a single-use reset token',
      description: 'Only a hash of the token is kept. It expires after 30 minutes and any older token is cancelled.',
      actor: 'Reset tokens',
      dataTags: ['credentials'],
    },
    {
      key: 'mail-link',
      kind: 'thirdparty',
      label: 'Sends the reset link',
      description: 'Our email provider delivers the link to the address on the account, never to an address typed in the form.',
      actor: 'Email provider',
      dataTags: ['personal', 'credentials'],
    },
    {
      key: 'new-password',
      kind: 'action',
      label: 'Opens the link and chooses a new password',
      description: 'The page shows which account is being reset, without showing the full email address.',
      actor: 'Customer',
      dataTags: ['credentials'],
    },
    {
      key: 'link-ok',
      kind: 'decision',
      label: 'Link valid?',
      description: 'The token must match, be unused and be in date; the new password must meet the same rules as at sign-up.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'replace',
      kind: 'system',
      label: 'Replaces the password and signs out other sessions',
      description: 'Stores the new password hash, cancels the token and ends every other session on the account.',
      actor: 'Auth service',
      dataTags: ['credentials'],
    },
    {
      key: 'notify',
      kind: 'thirdparty',
      label: 'Sends a "your password was changed" notice',
      description: 'Tells the customer what happened and what to do if it was not them.',
      actor: 'Email provider',
      dataTags: ['personal'],
    },
    {
      key: 'back-in',
      kind: 'end',
      label: 'Back in the account',
      description: 'Signed in with the new password, with a notice of the change in their inbox.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'check-email',
      kind: 'end',
      label: "Sees 'check your email'",
      description: 'No account matched, so nothing was sent; the customer sees exactly what they would if one had.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'expired',
      kind: 'end',
      label: 'Asked to start again',
      description: 'The link was wrong, used or too old.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'forgot', to: 'enter', label: 'reset form', crossesTrustBoundary: false },
    { from: 'enter', to: 'found', label: 'email address', crossesTrustBoundary: true },
    { from: 'found', to: 'token', label: 'found: token hash', crossesTrustBoundary: false },
    { from: 'found', to: 'check-email', label: 'not found: same reply', crossesTrustBoundary: true },
    { from: 'token', to: 'mail-link', label: 'email + reset link', crossesTrustBoundary: true },
    { from: 'mail-link', to: 'new-password', label: 'reset link', crossesTrustBoundary: true },
    { from: 'new-password', to: 'link-ok', label: 'reset token + new password', crossesTrustBoundary: true },
    { from: 'link-ok', to: 'replace', label: 'valid: new password', crossesTrustBoundary: false },
    { from: 'link-ok', to: 'expired', label: 'invalid: error page', crossesTrustBoundary: true },
    { from: 'replace', to: 'notify', label: 'email + change notice', crossesTrustBoundary: true },
    { from: 'notify', to: 'back-in', label: 'change notice', crossesTrustBoundary: true },
  ],
};

const checkout: JourneyTemplate = {
  id: 'checkout',
  name: 'Check out and pay',
  persona: 'Shopper',
  goal: 'I want to pay for what is in my basket and be sure I am charged the right amount, once, and that my card details stay safe.',
  critical: true,
  summary: 'A shopper enters a delivery address, pays by card and gets a receipt.',
  steps: [
    {
      key: 'basket',
      kind: 'start',
      label: 'Reviews the basket',
      description: 'Checks the items and quantities before paying.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'address',
      kind: 'action',
      label: 'Enters the delivery address',
      description: 'Types a new address or picks a saved one.',
      actor: 'Customer',
      dataTags: ['personal', 'location'],
    },
    {
      key: 'total',
      kind: 'system',
      label: 'Works out the total',
      description: 'Prices, discounts, tax and delivery are worked out on our side, never trusted from the browser.',
      actor: 'Order service',
      dataTags: ['personal', 'location'],
    },
    {
      key: 'card',
      kind: 'action',
      label: 'Enters card details',
      description:
        "The card form comes from the payment processor and sits inside our page, so card numbers go straight to them and never touch our servers.",
      actor: 'Customer',
      dataTags: ['payment'],
    },
    {
      key: 'processor',
      kind: 'thirdparty',
      label: 'Authorises the payment',
      description: "Runs fraud checks and, when the bank asks for it, a confirmation in the customer's banking app.",
      actor: 'Payment processor',
      dataTags: ['payment'],
    },
    {
      key: 'approved',
      kind: 'decision',
      label: 'Payment approved?',
      description: "Decided from the processor's signed notification, not from what the browser reports.",
      actor: 'Order service',
      dataTags: [],
    },
    {
      key: 'order',
      kind: 'system',
      label: 'Creates the order',
      description: 'Uses the payment reference so a double click or a retry cannot create two orders or charge twice.',
      actor: 'Order service',
      dataTags: ['personal', 'location'],
    },
    {
      key: 'orders',
      kind: 'datastore',
      label: 'Orders',
      description: "The order, the delivery address and the processor's payment reference; never the card number.",
      actor: 'Order database',
      dataTags: ['personal', 'location', 'payment'],
    },
    {
      key: 'receipt',
      kind: 'thirdparty',
      label: 'Sends the receipt',
      description: 'Our email provider sends the receipt with the last four digits of the card only.',
      actor: 'Email provider',
      dataTags: ['personal'],
    },
    {
      key: 'confirmed',
      kind: 'end',
      label: 'Order confirmed',
      description: 'Sees the confirmation page and gets the receipt by email.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'declined',
      kind: 'end',
      label: 'Payment declined',
      description: "Told the payment did not go through, without the bank's reason, and offered another way to pay.",
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'basket', to: 'address', label: 'basket', crossesTrustBoundary: false },
    { from: 'address', to: 'total', label: 'basket + delivery address', crossesTrustBoundary: true },
    { from: 'total', to: 'card', label: 'amount to pay', crossesTrustBoundary: true },
    { from: 'card', to: 'processor', label: 'card details + amount', crossesTrustBoundary: true },
    { from: 'processor', to: 'approved', label: 'payment result (signed)', crossesTrustBoundary: true },
    { from: 'approved', to: 'order', label: 'approved: payment ref', crossesTrustBoundary: false },
    { from: 'approved', to: 'declined', label: 'declined: message', crossesTrustBoundary: true },
    { from: 'order', to: 'orders', label: 'order + payment reference', crossesTrustBoundary: false },
    { from: 'orders', to: 'receipt', label: 'email address + receipt', crossesTrustBoundary: true },
    { from: 'receipt', to: 'confirmed', label: 'receipt', crossesTrustBoundary: true },
  ],
};

const shareExternally: JourneyTemplate = {
  id: 'share-externally',
  name: 'Share a document with someone outside the company',
  persona: 'Employee working with a partner',
  goal: 'I want to send a document to a partner so that only they can open it, and only for as long as they need it.',
  critical: true,
  summary: 'An employee invites an outside partner to view a document; the partner proves who they are.',
  steps: [
    {
      key: 'open',
      kind: 'start',
      label: 'Opens the document',
      description: 'A contract draft, price list or report stored in our product.',
      actor: 'Employee',
      dataTags: ['files'],
    },
    {
      key: 'share',
      kind: 'action',
      label: "Chooses 'Share' and enters the partner's email",
      description: 'Picks view or edit, and how long the access should last.',
      actor: 'Employee',
      dataTags: ['personal'],
    },
    {
      key: 'policy',
      kind: 'system',
      label: 'Checks the sharing policy',
      description:
        "Checks whether this document's classification and the partner's domain allow sharing outside the company.",
      actor: 'Sharing service',
      dataTags: ['personal'],
    },
    {
      key: 'allowed',
      kind: 'decision',
      label: 'Allowed to share outside?',
      description: 'Some documents may never leave the company; some domains are blocked.',
      actor: 'Sharing service',
      dataTags: [],
    },
    {
      key: 'record',
      kind: 'datastore',
      label: 'Records the share',
      description: 'Who shared what with whom, view or edit, and until when. Doubles as the audit trail.',
      actor: 'Share records',
      dataTags: ['personal'],
    },
    {
      key: 'invite',
      kind: 'thirdparty',
      label: 'Sends the invitation',
      description: 'Our email provider sends a link only, never the document itself.',
      actor: 'Email provider',
      dataTags: ['personal'],
    },
    {
      key: 'follow',
      kind: 'action',
      label: 'Partner opens the link',
      description: 'The link might have been forwarded to someone else in the meantime.',
      actor: 'External partner',
      dataTags: [],
    },
    {
      key: 'idp',
      kind: 'thirdparty',
      label: 'Partner signs in with their own work account',
      description: "The partner's identity provider confirms who they are; we never see their password.",
      actor: 'Identity provider',
      dataTags: ['credentials', 'personal'],
    },
    {
      key: 'match',
      kind: 'decision',
      label: 'Same person as invited, access still open?',
      description: 'The signed-in email must match the invitation, and the share must not be expired or withdrawn.',
      actor: 'Sharing service',
      dataTags: [],
    },
    {
      key: 'view',
      kind: 'end',
      label: 'Partner views the document',
      description: 'Download and print follow what the employee chose.',
      actor: 'External partner',
      dataTags: ['files'],
    },
    {
      key: 'refused',
      kind: 'end',
      label: 'Access refused',
      description: 'The partner is told to ask the person who shared it; the employee is told someone else tried.',
      actor: 'External partner',
      dataTags: [],
    },
    {
      key: 'blocked',
      kind: 'end',
      label: 'Told sharing is blocked',
      description: 'The employee sees why, and who can approve an exception.',
      actor: 'Employee',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'open', to: 'share', label: 'document', crossesTrustBoundary: false },
    { from: 'share', to: 'policy', label: 'partner email + permission', crossesTrustBoundary: true },
    { from: 'policy', to: 'allowed', label: 'policy result', crossesTrustBoundary: false },
    { from: 'allowed', to: 'record', label: 'allowed: share details', crossesTrustBoundary: false },
    { from: 'allowed', to: 'blocked', label: 'not allowed: reason', crossesTrustBoundary: true },
    { from: 'record', to: 'invite', label: 'partner email + share link', crossesTrustBoundary: true },
    { from: 'invite', to: 'follow', label: 'share link', crossesTrustBoundary: true },
    { from: 'follow', to: 'idp', label: 'sign-in request', crossesTrustBoundary: true },
    { from: 'idp', to: 'match', label: 'signed identity (email)', crossesTrustBoundary: true },
    { from: 'match', to: 'view', label: 'matches: document', crossesTrustBoundary: true },
    { from: 'match', to: 'refused', label: 'no match: refusal', crossesTrustBoundary: true },
  ],
};

const closeAccount: JourneyTemplate = {
  id: 'close-account',
  name: 'Close an account and delete my data',
  persona: 'Customer who is leaving',
  goal: 'I want to close my account, stop being charged and be sure my personal data is really gone.',
  critical: true,
  summary: 'A customer closes their account; billing stops and their data is deleted.',
  steps: [
    {
      key: 'settings',
      kind: 'start',
      label: 'Opens account settings',
      description: 'Already signed in.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'choose',
      kind: 'action',
      label: "Chooses 'Close my account'",
      description: 'Sees what will be deleted, what we must keep for a while (invoices, for tax law) and for how long.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'confirm',
      kind: 'action',
      label: 'Confirms with their password',
      description: 'Asking again stops someone at an unlocked laptop, or with a stolen session, from closing the account.',
      actor: 'Customer',
      dataTags: ['credentials'],
    },
    {
      key: 'password-ok',
      kind: 'decision',
      label: 'Password correct?',
      description: 'Same attempt limits as at log-in.',
      actor: 'Auth service',
      dataTags: [],
    },
    {
      key: 'billing',
      kind: 'system',
      label: 'Cancels the subscription',
      description: 'Works out any refund and stops renewals.',
      actor: 'Billing service',
      dataTags: ['payment'],
    },
    {
      key: 'processor',
      kind: 'thirdparty',
      label: 'Stops future payments',
      description: "The payment processor cancels the recurring payment and deletes the stored card on its side.",
      actor: 'Payment processor',
      dataTags: ['payment'],
    },
    {
      key: 'delete',
      kind: 'system',
      label: 'Deletes personal data',
      description:
        'Deletes the profile, uploaded files and messages everywhere we keep them, including search indexes and caches. Keeps invoices only as long as the law requires.',
      actor: 'Account service',
      dataTags: ['personal', 'files', 'messages'],
    },
    {
      key: 'stores',
      kind: 'datastore',
      label: 'Customer data stores',
      description: 'Main database, file storage and search index. Backups age out within 35 days.',
      actor: 'Databases and file storage',
      dataTags: ['personal', 'files', 'messages'],
    },
    {
      key: 'notice',
      kind: 'thirdparty',
      label: 'Sends a closure confirmation',
      description: 'Sent to the address captured before deletion; says what was deleted and when backups expire.',
      actor: 'Email provider',
      dataTags: ['personal'],
    },
    {
      key: 'closed',
      kind: 'end',
      label: 'Account closed',
      description: 'Signed out everywhere, with the confirmation email in their inbox.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'settings', to: 'choose', label: 'settings page', crossesTrustBoundary: false },
    { from: 'choose', to: 'confirm', label: 'what gets deleted', crossesTrustBoundary: false },
    { from: 'confirm', to: 'password-ok', label: 'password + closure request', crossesTrustBoundary: true },
    { from: 'password-ok', to: 'billing', label: 'correct: account id', crossesTrustBoundary: false },
    { from: 'password-ok', to: 'confirm', label: 'wrong: try again', crossesTrustBoundary: true },
    { from: 'billing', to: 'processor', label: 'cancel subscription', crossesTrustBoundary: true },
    { from: 'processor', to: 'delete', label: 'cancellation confirmed', crossesTrustBoundary: true },
    { from: 'delete', to: 'stores', label: 'delete account data', crossesTrustBoundary: false },
    { from: 'stores', to: 'notice', label: 'email + closure notice', crossesTrustBoundary: true },
    { from: 'notice', to: 'closed', label: 'closure confirmation', crossesTrustBoundary: true },
  ],
};

const contactSupport: JourneyTemplate = {
  id: 'contact-support',
  name: 'Contact customer support',
  persona: 'Customer who needs help',
  goal: 'I want help with my account without having to give my password or card number to anyone.',
  critical: true,
  summary: 'A customer asks for help; an agent checks who they are before touching the account.',
  steps: [
    {
      key: 'help',
      kind: 'start',
      label: 'Opens the help centre',
      description: 'Could not find the answer in the help articles.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'describe',
      kind: 'action',
      label: 'Describes the problem in the contact form',
      description: 'May attach screenshots. The form reminds them never to send passwords or full card numbers.',
      actor: 'Customer',
      dataTags: ['personal', 'messages', 'files'],
    },
    {
      key: 'ticket',
      kind: 'system',
      label: 'Creates a ticket',
      description: "Adds the account id when the customer is signed in, so agents don't have to ask for personal details.",
      actor: 'Support service',
      dataTags: ['personal', 'messages'],
    },
    {
      key: 'desk',
      kind: 'thirdparty',
      label: 'Queues the ticket',
      description: "Our hosted support desk tool holds the conversation, the attachments and the customer's name and email.",
      actor: 'Support desk tool',
      dataTags: ['personal', 'messages', 'files'],
    },
    {
      key: 'pick-up',
      kind: 'action',
      label: 'Agent picks up the ticket',
      description: 'Reads the request and the attachments.',
      actor: 'Support agent',
      dataTags: ['personal', 'messages'],
    },
    {
      key: 'sensitive',
      kind: 'decision',
      label: 'Touches account access or money?',
      description: 'For example: change the email address, turn off two-step log-in, refund, cancel.',
      actor: 'Support agent',
      dataTags: [],
    },
    {
      key: 'verify',
      kind: 'system',
      label: 'Checks it is really the customer',
      description:
        'Sends a one-time code to the contact details already on the account, or asks the customer to confirm inside the signed-in app. Never asks for the password.',
      actor: 'Support service',
      dataTags: ['personal'],
    },
    {
      key: 'verified',
      kind: 'decision',
      label: 'Identity confirmed?',
      description: 'A caller who is in a hurry or upset does not change the rule.',
      actor: 'Support agent',
      dataTags: [],
    },
    {
      key: 'change',
      kind: 'system',
      label: 'Agent makes the change',
      description: 'Through the admin console, which limits what agents can see and logs every change with the ticket number.',
      actor: 'Admin console',
      dataTags: ['personal'],
    },
    {
      key: 'reply',
      kind: 'action',
      label: 'Replies to the customer',
      description: 'Explains what was done; the customer is also told by email about any change to their account.',
      actor: 'Support agent',
      dataTags: ['messages'],
    },
    {
      key: 'solved',
      kind: 'end',
      label: 'Problem solved',
      description: 'The customer has their answer.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'not-verified',
      kind: 'end',
      label: 'Asked to confirm in the app first',
      description: 'Nothing on the account changes until the customer confirms who they are.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'help', to: 'describe', label: 'contact form', crossesTrustBoundary: false },
    { from: 'describe', to: 'ticket', label: 'message + attachments', crossesTrustBoundary: true },
    { from: 'ticket', to: 'desk', label: 'ticket + contact details', crossesTrustBoundary: true },
    { from: 'desk', to: 'pick-up', label: 'ticket', crossesTrustBoundary: true },
    { from: 'pick-up', to: 'sensitive', label: 'request', crossesTrustBoundary: false },
    { from: 'sensitive', to: 'verify', label: 'yes: account id', crossesTrustBoundary: false },
    { from: 'sensitive', to: 'reply', label: 'no: answer', crossesTrustBoundary: false },
    { from: 'verify', to: 'verified', label: 'verification result', crossesTrustBoundary: false },
    { from: 'verified', to: 'change', label: 'confirmed: the change', crossesTrustBoundary: false },
    { from: 'verified', to: 'not-verified', label: 'not confirmed: next steps', crossesTrustBoundary: true },
    { from: 'change', to: 'reply', label: 'change record', crossesTrustBoundary: false },
    { from: 'reply', to: 'solved', label: 'reply via support desk', crossesTrustBoundary: true },
  ],
};

const postReview: JourneyTemplate = {
  id: 'post-review',
  name: 'Post a product review',
  persona: 'Customer who bought something',
  goal: 'I want to tell others what I thought of a product, under the name I choose and without giving away where I live.',
  critical: false,
  summary: 'A customer writes a review with a photo; it is checked before it is published.',
  steps: [
    {
      key: 'product',
      kind: 'start',
      label: 'Opens a product they bought',
      description: "From their order history or the product page.",
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'write',
      kind: 'action',
      label: 'Writes a review and adds a photo',
      description: 'Chooses a display name. Phone photos often carry the place they were taken.',
      actor: 'Customer',
      dataTags: ['personal', 'files', 'location'],
    },
    {
      key: 'check',
      kind: 'system',
      label: 'Checks the review',
      description:
        'Confirms the reviewer bought the product, removes location and camera details from the photo, and filters spam and abuse.',
      actor: 'Review service',
      dataTags: ['personal', 'files'],
    },
    {
      key: 'scan',
      kind: 'thirdparty',
      label: 'Scans the photo',
      description: 'An outside moderation service looks for images we must not publish.',
      actor: 'Moderation service',
      dataTags: ['files'],
    },
    {
      key: 'passes',
      kind: 'decision',
      label: 'Passes the checks?',
      description: 'Borderline cases go to a person rather than being published automatically.',
      actor: 'Review service',
      dataTags: [],
    },
    {
      key: 'reviews',
      kind: 'datastore',
      label: 'Reviews',
      description: 'The review, the cleaned photo and the display name, linked to the account but never showing it.',
      actor: 'Review database',
      dataTags: ['personal', 'files'],
    },
    {
      key: 'published',
      kind: 'end',
      label: 'Review published',
      description: 'Shown on the product page under the chosen display name.',
      actor: 'Customer',
      dataTags: [],
    },
    {
      key: 'rejected',
      kind: 'end',
      label: 'Asked to change the review',
      description: 'Told which rule it broke.',
      actor: 'Customer',
      dataTags: [],
    },
  ],
  flows: [
    { from: 'product', to: 'write', label: 'review form', crossesTrustBoundary: false },
    { from: 'write', to: 'check', label: 'review + photo', crossesTrustBoundary: true },
    { from: 'check', to: 'scan', label: 'photo (location removed)', crossesTrustBoundary: true },
    { from: 'scan', to: 'passes', label: 'moderation verdict', crossesTrustBoundary: true },
    { from: 'passes', to: 'reviews', label: 'passes: review + photo', crossesTrustBoundary: false },
    { from: 'passes', to: 'rejected', label: 'fails: reason', crossesTrustBoundary: true },
    { from: 'reviews', to: 'published', label: 'published review', crossesTrustBoundary: true },
  ],
};

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  signUp,
  logInWithMfa,
  accountRecovery,
  checkout,
  shareExternally,
  closeAccount,
  contactSupport,
  postReview,
];

export function findTemplate(id: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((template) => template.id === id);
}

export interface InstantiatedTemplate {
  journey: Journey;
  steps: Step[];
  flows: Flow[];
}

/**
 * Turns a template into new entities for a session: fresh ids from `makeId` for the journey,
 * every step and every flow, steps laid out left to right with `origin` as the top-left
 * corner. Nothing is shared with the template, so editing the result cannot change it.
 */
export function instantiateTemplate(
  template: JourneyTemplate,
  makeId: () => string,
  origin: { x: number; y: number } = { x: 0, y: 0 },
): InstantiatedTemplate {
  const journey: Journey = {
    id: makeId(),
    name: template.name,
    persona: template.persona,
    goal: template.goal,
    critical: template.critical,
    stages: [],
  };

  const idByKey = new Map<string, string>();
  for (const step of template.steps) {
    if (idByKey.has(step.key)) throw new Error(`Template "${template.id}" has two steps with key "${step.key}"`);
    idByKey.set(step.key, makeId());
  }
  const idOf = (key: string): string => {
    const id = idByKey.get(key);
    if (id === undefined) throw new Error(`Template "${template.id}" has a flow to or from unknown step "${key}"`);
    return id;
  };

  const flows: Flow[] = template.flows.map((flow) => ({
    id: makeId(),
    journeyId: journey.id,
    source: idOf(flow.from),
    target: idOf(flow.to),
    label: flow.label,
    crossesTrustBoundary: flow.crossesTrustBoundary,
  }));

  const positions = layoutJourney(
    template.steps.map((step) => ({ id: idOf(step.key) })),
    flows,
    { direction: 'LR' },
  );

  const steps: Step[] = template.steps.map((step) => {
    const id = idOf(step.key);
    const position = positions.get(id) ?? { x: 0, y: 0 };
    return {
      id,
      journeyId: journey.id,
      kind: step.kind,
      label: step.label,
      description: step.description,
      actor: step.actor,
      dataTags: [...step.dataTags],
      position: { x: origin.x + position.x, y: origin.y + position.y },
    };
  });

  return { journey, steps, flows };
}
