/**
 * The rule registry (typescript-eslint style): every rule, in the order docs/rules.md lists them.
 * Add a rule by importing its module and appending it here; test/rules/engine.test.ts checks the ids
 * are unique and test/rules/docs.test.ts that docs/rules.md was regenerated (`npm run docs`).
 */
import type { Rule } from './types.js';
import { syncmlDecode } from './engine.js';
// Protocol rules (one module per rule).
import hdrVerdtd from './hdr-verdtd.js';
import hdrVerproto from './hdr-verproto.js';
import hdrSessionidConstant from './hdr-sessionid-constant.js';
import hdrSessionidPkg0 from './hdr-sessionid-pkg0.js';
import hdrMsgid from './hdr-msgid.js';
import hdrTargetSource from './hdr-target-source.js';
import verdtdVerprotoConstant from './verdtd-verproto-constant.js';
import cmdLevelCred from './cmd-level-cred.js';
import pkg1Alert from './pkg1-alert.js';
import pkg1Devinfo from './pkg1-devinfo.js';
import serverStatusForSynchdr from './server-status-for-synchdr.js';
import serverStatusForCommands from './server-status-for-commands.js';
import cmdCmdid from './cmd-cmdid.js';
import cmdidUnique from './cmdid-unique.js';
import clientStatusForSynchdr from './client-status-for-synchdr.js';
import clientStatusForCommands from './client-status-for-commands.js';
import resultsForGet from './results-for-get.js';
import resultsAfterStatus from './results-after-status.js';
import resultsAnswerGet from './results-answer-get.js';
import noEmptyPkg3 from './no-empty-pkg3.js';
import clientCommandsAllowed from './client-commands-allowed.js';
import msgrefCmdrefValid from './msgref-cmdref-valid.js';
import statusOnePerCommand from './status-one-per-command.js';
import statusForResults from './status-for-results.js';
import synchdrStatusCmdref from './synchdr-status-cmdref.js';
import pkgFinal from './pkg-final.js';
import multiFinal from './multi-final.js';
import pkgFinalEvidence from './pkg-final-evidence.js';
import nextMessageResponse from './next-message-response.js';
import abortFinal from './abort-final.js';
import abortReply from './abort-reply.js';
import loMoredata from './lo-moredata.js';
import loSizeFirstChunk from './lo-size-first-chunk.js';
import lo213 from './lo-213.js';
import loContiguous from './lo-contiguous.js';
import loSizeMatch from './lo-size-match.js';
import loFitsOneMessage from './lo-fits-one-message.js';
import maxObjSize from './max-obj-size.js';
import maxMsgSize from './max-msg-size.js';
import galertItem from './galert-item.js';
import galertTypeUrn from './galert-type-urn.js';
import galertMark from './galert-mark.js';
import galertStatus from './galert-status.js';
import alertDirection from './alert-direction.js';
import uiAlertItems from './ui-alert-items.js';
import uiOptionsSyntax from './ui-options-syntax.js';
import formatCase from './format-case.js';
import elementOrder from './element-order.js';
import metaWhenNotDefault from './meta-when-not-default.js';
import authChalWith401407 from './auth-chal-with-401-407.js';
import auth212OnlyWithCred from './auth-212-only-with-cred.js';
import authCredAfter200 from './auth-cred-after-200.js';
import authNextNonceUsed from './auth-next-nonce-used.js';
import authNextSessionNonce from './auth-next-session-nonce.js';
import loDevdetailLrgobj from './lo-devdetail-lrgobj.js';
import galertCorrelator from './galert-correlator.js';
import authTypeConstant from './auth-type-constant.js';
import authFailureResponse from './auth-failure-response.js';
import authRetry from './auth-retry.js';
import authNoChallengeAfterEmptyPkg2 from './auth-no-challenge-after-empty-pkg2.js';
import authVerify from './auth-verify.js';
import hmacStatus200 from './hmac-status-200.js';
import dmContentType from './dm-content-type.js';
import authCredChalMeta from './auth-cred-chal-meta.js';

export const rules = [
  syncmlDecode,
  hdrVerdtd,
  hdrVerproto,
  hdrSessionidConstant,
  hdrSessionidPkg0,
  hdrMsgid,
  hdrTargetSource,
  verdtdVerprotoConstant,
  cmdLevelCred,
  pkg1Alert,
  pkg1Devinfo,
  serverStatusForSynchdr,
  serverStatusForCommands,
  cmdCmdid,
  cmdidUnique,
  clientStatusForSynchdr,
  clientStatusForCommands,
  resultsForGet,
  resultsAfterStatus,
  resultsAnswerGet,
  noEmptyPkg3,
  clientCommandsAllowed,
  msgrefCmdrefValid,
  statusOnePerCommand,
  statusForResults,
  synchdrStatusCmdref,
  pkgFinal,
  multiFinal,
  pkgFinalEvidence,
  nextMessageResponse,
  abortFinal,
  abortReply,
  loMoredata,
  loSizeFirstChunk,
  lo213,
  loContiguous,
  loSizeMatch,
  loFitsOneMessage,
  loDevdetailLrgobj,
  maxObjSize,
  maxMsgSize,
  galertItem,
  galertTypeUrn,
  galertMark,
  galertStatus,
  galertCorrelator,
  alertDirection,
  uiAlertItems,
  uiOptionsSyntax,
  formatCase,
  elementOrder,
  metaWhenNotDefault,
  authChalWith401407,
  auth212OnlyWithCred,
  authCredAfter200,
  authNextNonceUsed,
  authNextSessionNonce,
  authTypeConstant,
  authFailureResponse,
  authRetry,
  authNoChallengeAfterEmptyPkg2,
  authVerify,
  hmacStatus200,
  dmContentType,
  authCredChalMeta,
] as const satisfies readonly Rule[];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
