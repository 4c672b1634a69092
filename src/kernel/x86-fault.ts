// Bits of the x86 page-fault error code, as exceptions:page_fault_user/kernel report it
// (arch/x86/include/asm/trap_pf.h).

/** X86_PF_WRITE: the faulting access was a write. */
export const X86_PF_WRITE = 0x2;
