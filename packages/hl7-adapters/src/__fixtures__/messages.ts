/**
 * Test fixtures written for this package, in the shapes (and with the quirks) of real Cerner
 * and vendor messages. No real patient data. Segments end with CR unless the name says otherwise.
 */
const cr = (lines: string[]): string => lines.join('\r') + '\r';

/** A full Cerner-style ADR^A19 (v2.3): MRN/CMRN/SSN/FIN NBR aliases, 2 names, 2 addresses, email in XTN-4. */
export const ADR_A19_CERNER = cr([
  'MSH|^~\\&|HNAM|NORTHWIND|ADAPTER|CAREAPP|20250102093012||ADR^A19|C7700112|P|2.3||||||8859/1',
  'MSA|AA|QRY0042|Query processed',
  'QRD|20250102093010|R|I|QRY0042|||1^RD|7654321^^^^^^^^MRN|DEM|',
  'QRF|HNAM||||',
  'EVN|A08|20241220081500',
  "PID|1|55501^^^CMRN^CMRN|7654321^^^NORTHWIND_MRN^MRN^NORTHWIND~55501^^^CMRN^CMRN~987-65-4320^^^SSN^SS~4400098765^^^FIN^FIN NBR||D'ANGELO-PRICE^ROSA^LYNN^III^MRS^^L~PRICE^ROSA^^^^^M||19800229|Female|DANGELO^ROSA^^^^^A|2106-3^White^CDCREC|18 HARBOR VIEW RD^UNIT 4^PORTLAND^ME^04101^USA^H^^CUMBERLAND~PO BOX 77^^PORTLAND^ME^04112^USA^M||(207)555-0111^PRN^PH^^1^207^5550111~^NET^Internet^rosa.price@example.org~(207)555-0188^PRN^CP^^1^207^5550188|(207)555-0140^WPN^PH|SPA^Spanish^HL70296|M^Married^HL70002|CHR^Christian^HL70006|4400098765^^^FIN^FIN NBR|987-65-4320|||N^Not Hispanic or Latino^HL70189||N||||||N",
  'PD1|||NORTHWIND CLINIC^^2002|4321^BERG^ANNA^M^^DR^MD^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI',
  "NK1|1|D'ANGELO^MARCO^P|SPO^Spouse^HL70063|18 HARBOR VIEW RD^UNIT 4^PORTLAND^ME^04101^USA|(207)555-0112^PRN^PH||EC^Emergency Contact^HL70131",
  'NK1|2|PRICE^ALAN|FTH^Father^HL70063|9 PINE ST^^BANGOR^ME^04401^USA|(207)555-0166^PRN^PH||N^Next-of-Kin^HL70131',
  'PV1|1|O|NW OP^^^NORTHWIND^^AMB^NWC||||4321^BERG^ANNA^M^^DR^MD|8765^OSLER^WILL^^^DR^MD||MED||||1|||4321^BERG^ANNA^M^^DR^MD|OP|4400098765^^^FIN^FIN NBR|SELF||||||||||||||||||||NORTHWIND||A|||20241220081500',
  'PV2|||^Follow-up visit: cough \\T\\ fever; SpO2 97% \\F\\ RR 16',
  'OBX|1|ST|8302-2^Body height^LN||165|cm^centimeter^UCUM|||||F|||20241220082000',
  'OBX|2|NM|29463-7^Body weight^LN||61.2|kg^kilogram^UCUM|||||F|||20241220082000',
  'AL1|1|DA|7980^Penicillin G^RXNORM|SV^Severe^HL70128|Hives~Wheezing|20090101',
  'AL1|2|FA|227493005^Cashew nut^SCT|MO^Moderate^HL70128|Rash',
  'DG1|1|I10|J45.909^Unspecified asthma, uncomplicated^I10|||F',
  "GT1|1||D'ANGELO-PRICE^ROSA^LYNN||18 HARBOR VIEW RD^UNIT 4^PORTLAND^ME^04101^USA|(207)555-0111^PRN^PH||19800229|F||SEL^Self^HL70063",
  "IN1|1|AET01^Aetna Choice|60054^^^^NIIP|AETNA|PO BOX 14079^^LEXINGTON^KY^40512^USA||(800)555-0199|GRP55120|NORTHWIND SHIPPING|||20250101|20251231|||D'ANGELO-PRICE^ROSA^LYNN|SEL^Self^HL70063|19800229|18 HARBOR VIEW RD^UNIT 4^PORTLAND^ME^04101^USA|||1||||||||||||||ABC987654321",
]);

/** HAPI-built "empty" ADR: empty MSH-10 and MSH-12, MSH-18 UNICODE UTF-8, no PID. */
export const ADR_A19_MINIMAL = cr([
  'MSH|^~\\&|SENDERX||||200902021200||ADR^A19||||77|||||UNICODE UTF-8',
  'MSA|AA|77',
  'QRD|20090202120000',
]);

/** Not found, QAK style: MSA AA + QAK NF. */
export const ADR_A19_NOT_FOUND_QAK = cr([
  'MSH|^~\\&|HNAM|NORTHWIND|ADAPTER|CAREAPP|20250102093012||ADR^A19^ADR_A19|C7700113|P|2.4',
  'MSA|AA|QRY0043',
  'QAK|QRY0043|NF',
  'QRD|20250102093010|R|I|QRY0043|||1^RD|0000000^^^^^^^^^^^^MR|DEM',
]);

/** Not found, error style: MSA AE + ERR 204 (v2.5 ERR fields). */
export const ADR_A19_NOT_FOUND_AE = cr([
  'MSH|^~\\&|HNAM|NORTHWIND|ADAPTER|CAREAPP|20250102093012||ADR^A19^ADR_A19|C7700114|P|2.5',
  'MSA|AE|QRY0044|Patient not found',
  'ERR||PID^1^3|204^Unknown key identifier^HL70357|E',
  'QRD|20250102093010|R|I|QRY0044|||1^RD|0000000|DEM',
]);

/** A rejected query: MSA AR + a v2.3.1 style ERR-1. */
export const ADR_A19_REJECTED = cr([
  'MSH|^~\\&|HNAM|NORTHWIND|ADAPTER|CAREAPP|20250102093012||ADR^A19|C7700115|P|2.3.1',
  'MSA|AR|QRY0045|Unsupported processing id',
  'ERR|MSH^1^11^202&Unsupported processing ID&HL70357',
]);

/** A reject ACK whose MSH-2 has an HTML-escaping artifact (`^~\&;`); the MSA must still be found. */
export const ACK_AR_MALFORMED_MSH2 = cr([
  'MSH|^~\\&;|PORTALAPI|VENDOR|App|SendingInst|20230510090000+0000||ACK^R01|VND-20230510090000+0000|P|2.4',
  'MSA|AR|msg-77|Parsing or validation error: OBR[1].OBX[3]: No observation timestamp in OBX or OBR',
]);

/** A component made only of an escaped escape character, `?` for mangled characters, check digits. */
export const ADT_ESCAPE_AT_END = cr([
  'MSH|^~\\&|ADT1|GHH|LAB|GHH|199901011230|SECURITY|ADT^A01|MSG00077|P|2.3.1',
  'EVN|A01|199901011229',
  'PID|1||PATID7788^3^M11^ADT1^MR^GHH~555443333^\\E\\^^USSSA^SS||JONES^ANNA^B^II||19700101|F||W|12 OAK STREET^^SALEM^OR^97301?1020|GL|(555)555?1212|(555)555?3434||M||PATID7788001^6^M10^ADT1^AN^A|555443333|123456^OR',
  'NK1|1|JONES^ROBERT^C|HU^HUSBAND||||NK^NEXT OF KIN',
  'PV1|1|I|3000^3012^02||||004777^HOUSE^GREG^J.|||MED||||ADM|A0',
]);

/** MSH-2 `^~\}`: the subcomponent separator is `}` (so `&` is data); `""` nulls; `~~` empty repetitions. */
export const BAR_NONSTANDARD = cr([
  'MSH|^~\\}|ADMISSION|ADT1|RADIOLOGY|MIR1|19950611102030||BAR^P01|61234ADT9506|P|2.4||',
  'EVN|P01|19950611102000||',
  'PID||^^|512345678^2^M10|444555666|HARPER-LEE^NORA^K^^^||19600512|F|^^^^^|B|77 W MAIN^""^ST.LOUIS^MO^63108^""|510|(314)555-0101~~|~~||S|C|512345678^2^M10|500-11-2222|^',
  'NK1||HARPER^JOHN^^^^|26|77 W MAIN^^ST.LOUIS^MO^63108^|(314)555-0101',
  'PV1||O|^ER^|||^^|00112^DOE^H^J^^|^^^^^|^^^^^|01|^^||||||^^^^^|||60',
  'IN1|2|989|60|HEALTH R&D, INC|POB 4191^^ST LOUIS^MO^63141-9104^|CLAIMS}DEPT^^^^^|(314)555-9621',
]);

/** A document ORU^R01 v2.3: two TX lines with \F\ and \T\, then one ED OBX with base64 PDF. */
export const ORU_ED_PDF = cr([
  'MSH|^~\\&|CAREAPP|CAREFAC|HNAM|NORTHWIND|20250102100000||ORU^R01|DOC20250102100000001|P|2.3||||||8859/1',
  "PID|1||7654321^^^NORTHWIND_MRN^MRN||D'ANGELO-PRICE^ROSA^LYNN||19800229|F",
  'PV1|1|O|NW OP^^^NORTHWIND||||4321^BERG^ANNA^M^^DR^MD|||||||||||OP|4400098765^^^FIN^FIN NBR',
  'ORC|RE||DOC-5566^CAREAPP',
  'OBR|1||DOC-5566^CAREAPP|11506-3^Progress note^LN|||20250102094500|||||||||4321^BERG^ANNA^M^^DR^MD||||||20250102095900||MDOC|F',
  'OBX|1|TX|11506-3^Progress note^LN|1|Seen for cough; SpO2 97% \\F\\ RR 16.||||||F|||20250102094500',
  'OBX|2|TX|11506-3^Progress note^LN|1|Plan: inhaler \\T\\ review in 2 weeks.||||||F|||20250102094500',
  'OBX|3|ED|11506-3^Progress note^LN|2|^AP^PDF^Base64^JVBERi0xLjQKJSVFT0YK||||||F|||20250102094500',
]);

/** An MDM^T02 v2.8 with SFT, an order group before TXA and the body as TX OBX lines. */
export const MDM_T02_TX = cr([
  'MSH|^~\\&|ECHOAPP|GENHOSP|SYSTEM|GENHOSP|202101311600+0100||MDM^T02^MDM_T02|EA1-20210131160038|P|2.8',
  'SFT|Vendor|1.2.3|Engine|1.2|Build|20200725111624',
  'EVN|T02|202101311600+0100|||C08^Moss^Kate',
  'PID|1|123123123|123123123||SAMPLE^TEST||19721201|M||||||||||20000001|111-22-3333',
  'PV1|1|I|CCU^2000^1|||CCU^2003^1|1234^HIPPO^KOS||||||||||||20000001',
  'ORC|SC|00012345|1-1',
  'OBR|1|00012345|1-1|02585^TransthoracicEcho^PCV4|||20210131155500+0100|||||||||||||||202101311600+0100|||F',
  'TXA|1|DI|TX|202101311555+0100||202101311600+0100|||IvanD|||1.2.840.999.1.20210131160038|1.2.840.999.1.20210131155715|00012345|1-1||AU|||||54321^Doc^Ivan',
  'OBX|1|TX|obs-id^obs-text^coding-system^^|1|First line of the echo report||||||F||||||',
  'OBX|2|TX|obs-id^obs-text^coding-system^^|1|Second line of the echo report||||||F||||||',
]);

/** Cerner outbound conventions: alias pool displays in CX.4, `MRN`/`FIN NBR` in CX.5, `Male`, empty MSH-11. */
export const ORM_CERNER_OUTBOUND = cr([
  'MSH|^~\\&|12001|12001|LABX|LABX|20240601120000||ORM^O01|Q999000111T222||2.3||||||8859/1',
  'PID|1|888888888^^^RRL MRN^MRN|888888888^^^RRL MRN^MRN||ZZZTEST^SAMPLE^||19900101|Male||National||||||||88888888888^^^RRL FIN^FIN NBR|8888888888||||||0|||Saudi',
  'PV1|1|Outpatient|RRL^^^RRL^^Ambulatory(s)^RRL||||DEMODOC^Physician^Demo^Cerner^^MD^^^External Id^Personnel^^^External Identifier|||Laboratory||||||||Self Pay',
  'ORC|SC|400000001^HNAM_ORDERID|||In-Lab',
  'OBR|1|400000001^HNAM_ORDERID||350020^F11 Buckwheat',
]);

/** QRY^A19 with QRD-8 as a proper XCN (id in XCN.1, type MR in XCN.13), QRD-7 empty. */
export const QRY_A19_XCN = cr([
  'MSH|^~\\&|App|SendingInst|HL7API|VENDOR|20230219140316||QRY^A19|ABC0000000077|P|2.4||||||||',
  'QRD|20230219140316|R|I|_3B30U4GM9||||XYZ98765^^^^^^^^^^^^MR|DEM||||',
]);

/** QRY^A19 with QRD-8 a bare id and QRD-7 1^RD. */
export const QRY_A19_BARE = cr([
  'MSH|^~\\&|SENDER|SENDERAPP|CLIENT|CLIENTAPP|200612211200||QRY^A19|5678|P|2.4',
  'QRD|200612211200|R|I|GetPatient|||1^RD|0101709999|DEM||',
]);

/** QRY^A19^QRY_A19 v2.5.1 with QRD-8 written like a CX and a QRF date window. */
export const QRY_A19_CX_QRF = cr([
  'MSH|^~\\&|PORTAL|CITYHOSP|ADT|CITYHOSP|20260717102000||QRY^A19^QRY_A19|QRY190077|P|2.5.1',
  'QRD|20260717102000|R|I|QRY190077|||1^RD|654321^^^CITYHOSP^MR|DEM|ADT',
  'QRF|CITYHOSP|20260717000000|20260717235959',
]);

/** Every fixture by name, for table-driven tests. */
export const ALL_FIXTURES: Record<string, string> = {
  ADR_A19_CERNER,
  ADR_A19_MINIMAL,
  ADR_A19_NOT_FOUND_QAK,
  ADR_A19_NOT_FOUND_AE,
  ADR_A19_REJECTED,
  ACK_AR_MALFORMED_MSH2,
  ADT_ESCAPE_AT_END,
  BAR_NONSTANDARD,
  ORU_ED_PDF,
  MDM_T02_TX,
  ORM_CERNER_OUTBOUND,
  QRY_A19_XCN,
  QRY_A19_BARE,
  QRY_A19_CX_QRF,
};
