export const id = 225;
export const ids = [225];
export const modules = {

/***/ 6225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   rollBack: () => (/* binding */ rollBack)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _promote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4777);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1889);
/* harmony import */ var _shutdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7223);




/**
 * `mode: rollback`: put `alias` on an explicit version, or on the one `previous_alias` holds, with
 * the same guard as a promotion, and tag the target with a rollback receipt.
 */
async function rollBack(settings, registry, report) {
    const { model, alias, previousAlias } = settings;
    const current = await registry.resolveAlias(model, alias);
    report.championBefore = current?.version ?? null;
    report.championAfter = current?.version ?? null;
    let target;
    if (settings.version)
        target = await (0,_resolve_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveVersion */ .x)(registry, model, settings.version);
    else if (previousAlias) {
        target = await registry.resolveAlias(model, previousAlias);
        if (!target)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`nothing to roll back to: '${previousAlias}' is not set on model '${model}'`, "give the version to roll back to in the 'version' input");
    }
    else
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u('nothing to roll back to: no version was given and promote.previous_alias is not configured', "give the version to roll back to in the 'version' input, or set promote.previous_alias");
    (0,_resolve_js__WEBPACK_IMPORTED_MODULE_2__/* .recordTarget */ .RU)(report, target);
    const outcome = await (0,_shutdown_js__WEBPACK_IMPORTED_MODULE_3__/* .critical */ .kD)(() => (0,_promote_js__WEBPACK_IMPORTED_MODULE_1__/* .rollback */ .dU)(registry, model, alias, current, target));
    report.actions.push(...outcome.actions);
    report.verdict = 'pass';
    report.promoted = outcome.changed;
    report.championAfter = target.version;
    if (outcome.changed) {
        report.finishedAt = new Date().toISOString();
        await (0,_shutdown_js__WEBPACK_IMPORTED_MODULE_3__/* .critical */ .kD)(() => registry.setTags(model, target.version, {
            'model_gate.rollback_from': current?.version ?? '',
            'model_gate.rolled_back_at': report.finishedAt ?? '',
            ...(report.run.url ? { 'model_gate.run_url': report.run.url } : {})
        }));
        report.actions.push(`tagged version ${target.version} with the rollback receipt`);
    }
}


/***/ })

};
