// Moved to the test bed; this re-export keeps lib/monitor/master-http.test.ts working until lib/ (re-layered on main
// meanwhile) imports "@/scripts/testbed" itself. Then delete this file.
export { freeConsecutivePorts, freePorts, isPortFree } from "../testbed/net";
