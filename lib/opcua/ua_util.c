/* OPC UA DateTime conversions and StatusCode names. */
#include "opcua/ua_internal.h"

/* ---- DateTime (Part 6 §5.2.2.5) ---------------------------------------------------------- */

static int64_t ticks_clamped(int64_t ticks)
{
    if (ticks <= 0)
        return 0;
    if (ticks >= LIION_UA_DATETIME_MAX_TICKS)
        return INT64_MAX;
    return ticks;
}

/* floor division for a negative numerator */
static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && (a < 0))
        q--;
    return q;
}

LIION_API int64_t liion_ua_datetime_from_unix_ns(int64_t unix_ns)
{
    /* |unix_ns / 100| <= 9.3e16, the epoch is 1.2e17: no overflow */
    return ticks_clamped(floordiv(unix_ns, 100) + LIION_UA_DATETIME_UNIX_EPOCH);
}

LIION_API int64_t liion_ua_datetime_from_unix_us(int64_t unix_us)
{
    /* ticks = us * 10 + epoch, saturating */
    const int64_t hi = (LIION_UA_DATETIME_MAX_TICKS - LIION_UA_DATETIME_UNIX_EPOCH) / 10;
    const int64_t lo = -LIION_UA_DATETIME_UNIX_EPOCH / 10;
    if (unix_us >= hi)
        return INT64_MAX;
    if (unix_us <= lo)
        return 0;
    return ticks_clamped(unix_us * 10 + LIION_UA_DATETIME_UNIX_EPOCH);
}

LIION_API int64_t liion_ua_datetime_to_unix_ns(int64_t ticks)
{
    int64_t rel;
    if (ticks <= 0)
        return INT64_MIN;
    if (ticks >= LIION_UA_DATETIME_MAX_TICKS)
        return INT64_MAX;
    rel = ticks - LIION_UA_DATETIME_UNIX_EPOCH; /* no overflow: both positive */
    if (rel > INT64_MAX / 100)
        return INT64_MAX;
    if (rel < INT64_MIN / 100)
        return INT64_MIN;
    return rel * 100;
}

LIION_API int64_t liion_ua_datetime_to_unix_us(int64_t ticks)
{
    if (ticks <= 0)
        return INT64_MIN;
    if (ticks >= LIION_UA_DATETIME_MAX_TICKS)
        return INT64_MAX;
    return floordiv(ticks - LIION_UA_DATETIME_UNIX_EPOCH, 10);
}

/* ---- StatusCode names (OPC UA StatusCode.csv, the common ones) --------------------------- */

typedef struct status_name {
    uint32_t code;
    const char *name;
} status_name;

/* sorted by code for bsearch */
static const status_name status_names[] = {
    { 0x00000000u, "Good" },
    { 0x002D0000u, "GoodSubscriptionTransferred" },
    { 0x002E0000u, "GoodCompletesAsynchronously" },
    { 0x002F0000u, "GoodOverload" },
    { 0x00300000u, "GoodClamped" },
    { 0x00960000u, "GoodLocalOverride" },
    { 0x00A20000u, "GoodEntryInserted" },
    { 0x00A30000u, "GoodEntryReplaced" },
    { 0x00A50000u, "GoodNoData" },
    { 0x00A60000u, "GoodMoreData" },
    { 0x00BA0000u, "GoodResultsMayBeIncomplete" },
    { 0x00D90000u, "GoodDataIgnored" },
    { 0x40000000u, "Uncertain" },
    { 0x406C0000u, "UncertainReferenceOutOfServer" },
    { 0x408F0000u, "UncertainNoCommunicationLastUsableValue" },
    { 0x40900000u, "UncertainLastUsableValue" },
    { 0x40910000u, "UncertainSubstituteValue" },
    { 0x40920000u, "UncertainInitialValue" },
    { 0x40930000u, "UncertainSensorNotAccurate" },
    { 0x40940000u, "UncertainEngineeringUnitsExceeded" },
    { 0x40950000u, "UncertainSubNormal" },
    { 0x40F20000u, "UncertainOverRange" },
    { 0x40F30000u, "UncertainUnderRange" },
    { 0x80000000u, "Bad" },
    { 0x80010000u, "BadUnexpectedError" },
    { 0x80020000u, "BadInternalError" },
    { 0x80030000u, "BadOutOfMemory" },
    { 0x80040000u, "BadResourceUnavailable" },
    { 0x80050000u, "BadCommunicationError" },
    { 0x80060000u, "BadEncodingError" },
    { 0x80070000u, "BadDecodingError" },
    { 0x80080000u, "BadEncodingLimitsExceeded" },
    { 0x80090000u, "BadUnknownResponse" },
    { 0x800A0000u, "BadTimeout" },
    { 0x800B0000u, "BadServiceUnsupported" },
    { 0x800C0000u, "BadShutdown" },
    { 0x800D0000u, "BadServerNotConnected" },
    { 0x800E0000u, "BadServerHalted" },
    { 0x800F0000u, "BadNothingToDo" },
    { 0x80100000u, "BadTooManyOperations" },
    { 0x80110000u, "BadDataTypeIdUnknown" },
    { 0x80120000u, "BadCertificateInvalid" },
    { 0x80130000u, "BadSecurityChecksFailed" },
    { 0x801A0000u, "BadCertificateUntrusted" },
    { 0x801F0000u, "BadUserAccessDenied" },
    { 0x80200000u, "BadIdentityTokenInvalid" },
    { 0x80210000u, "BadIdentityTokenRejected" },
    { 0x80220000u, "BadSecureChannelIdInvalid" },
    { 0x80230000u, "BadInvalidTimestamp" },
    { 0x80240000u, "BadNonceInvalid" },
    { 0x80250000u, "BadSessionIdInvalid" },
    { 0x80260000u, "BadSessionClosed" },
    { 0x80270000u, "BadSessionNotActivated" },
    { 0x80280000u, "BadSubscriptionIdInvalid" },
    { 0x802A0000u, "BadRequestHeaderInvalid" },
    { 0x802B0000u, "BadTimestampsToReturnInvalid" },
    { 0x802C0000u, "BadRequestCancelledByClient" },
    { 0x80310000u, "BadNoCommunication" },
    { 0x80320000u, "BadWaitingForInitialData" },
    { 0x80330000u, "BadNodeIdInvalid" },
    { 0x80340000u, "BadNodeIdUnknown" },
    { 0x80350000u, "BadAttributeIdInvalid" },
    { 0x80360000u, "BadIndexRangeInvalid" },
    { 0x80370000u, "BadIndexRangeNoData" },
    { 0x80380000u, "BadDataEncodingInvalid" },
    { 0x80390000u, "BadDataEncodingUnsupported" },
    { 0x803A0000u, "BadNotReadable" },
    { 0x803B0000u, "BadNotWritable" },
    { 0x803C0000u, "BadOutOfRange" },
    { 0x803D0000u, "BadNotSupported" },
    { 0x803E0000u, "BadNotFound" },
    { 0x803F0000u, "BadObjectDeleted" },
    { 0x80400000u, "BadNotImplemented" },
    { 0x80410000u, "BadMonitoringModeInvalid" },
    { 0x80420000u, "BadMonitoredItemIdInvalid" },
    { 0x80430000u, "BadMonitoredItemFilterInvalid" },
    { 0x80440000u, "BadMonitoredItemFilterUnsupported" },
    { 0x80450000u, "BadFilterNotAllowed" },
    { 0x80460000u, "BadStructureMissing" },
    { 0x80470000u, "BadEventFilterInvalid" },
    { 0x80480000u, "BadContentFilterInvalid" },
    { 0x80730000u, "BadWriteNotSupported" },
    { 0x80740000u, "BadTypeMismatch" },
    { 0x80750000u, "BadMethodInvalid" },
    { 0x80760000u, "BadArgumentsMissing" },
    { 0x80770000u, "BadTooManySubscriptions" },
    { 0x80780000u, "BadTooManyPublishRequests" },
    { 0x80790000u, "BadNoSubscription" },
    { 0x807A0000u, "BadSequenceNumberUnknown" },
    { 0x807B0000u, "BadMessageNotAvailable" },
    { 0x807C0000u, "BadInsufficientClientProfile" },
    { 0x807D0000u, "BadTcpServerTooBusy" },
    { 0x807E0000u, "BadTcpMessageTypeInvalid" },
    { 0x807F0000u, "BadTcpSecureChannelUnknown" },
    { 0x80800000u, "BadTcpMessageTooLarge" },
    { 0x80810000u, "BadTcpNotEnoughResources" },
    { 0x80820000u, "BadTcpInternalError" },
    { 0x80830000u, "BadTcpEndpointUrlInvalid" },
    { 0x80840000u, "BadRequestInterrupted" },
    { 0x80850000u, "BadRequestTimeout" },
    { 0x80860000u, "BadSecureChannelClosed" },
    { 0x80870000u, "BadSecureChannelTokenUnknown" },
    { 0x80880000u, "BadSequenceNumberInvalid" },
    { 0x80890000u, "BadConfigurationError" },
    { 0x808A0000u, "BadNotConnected" },
    { 0x808B0000u, "BadDeviceFailure" },
    { 0x808C0000u, "BadSensorFailure" },
    { 0x808D0000u, "BadOutOfService" },
    { 0x808E0000u, "BadDeadbandFilterInvalid" },
    { 0x80AB0000u, "BadInvalidArgument" },
    { 0x80AC0000u, "BadConnectionRejected" },
    { 0x80AD0000u, "BadDisconnect" },
    { 0x80AE0000u, "BadConnectionClosed" },
    { 0x80AF0000u, "BadInvalidState" },
    { 0x80B00000u, "BadEndOfStream" },
    { 0x80B10000u, "BadNoDataAvailable" },
    { 0x80B20000u, "BadWaitingForResponse" },
    { 0x80B30000u, "BadOperationAbandoned" },
    { 0x80B40000u, "BadExpectedStreamToBlock" },
    { 0x80B50000u, "BadWouldBlock" },
    { 0x80B60000u, "BadSyntaxError" },
    { 0x80B70000u, "BadMaxConnectionsReached" },
    { 0x80B80000u, "BadRequestTooLarge" },
    { 0x80B90000u, "BadResponseTooLarge" },
    { 0x80BE0000u, "BadProtocolVersionUnsupported" },
    { 0x80BF0000u, "BadStateNotActive" },
    { 0x80DB0000u, "BadTooManyMonitoredItems" },
    { 0x80E50000u, "BadTooManyArguments" },
    { 0x80EE0000u, "BadServerTooBusy" },
    { 0x80F00000u, "BadNoValue" },
    { 0x81120000u, "BadNumericOverflow" },
};

LIION_API const char *liion_ua_status_name(uint32_t code)
{
    size_t lo = 0, hi = sizeof status_names / sizeof status_names[0];
    code &= 0xFFFF0000u;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (status_names[mid].code == code)
            return status_names[mid].name;
        if (status_names[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
