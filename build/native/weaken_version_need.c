/* Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so that
 * the dynamic loader accepts a libstdc++ that lacks that version as long as every symbol bound to
 * it is found elsewhere. Usage: weaken_version_need <file.so> <version-name>. Edits in place. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s <file.so> <version>\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "r+b");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(size);
    if (!data || fread(data, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: read failed\n", argv[1]); return 1; }
    Elf64_Ehdr *eh = (Elf64_Ehdr *)data;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "%s: not an ELF64 file\n", argv[1]); return 1;
    }
    Elf64_Shdr *sections = (Elf64_Shdr *)(data + eh->e_shoff);
    int changed = 0, found = 0;
    for (int i = 0; i < eh->e_shnum; i++) {
        if (sections[i].sh_type != SHT_GNU_verneed) continue;
        const char *strtab = (const char *)(data + sections[sections[i].sh_link].sh_offset);
        unsigned char *need = data + sections[i].sh_offset;
        for (unsigned n = 0; n < sections[i].sh_info; n++) {
            Elf64_Verneed *vn = (Elf64_Verneed *)need;
            unsigned char *aux = need + vn->vn_aux;
            for (unsigned a = 0; a < vn->vn_cnt; a++) {
                Elf64_Vernaux *va = (Elf64_Vernaux *)aux;
                if (strcmp(strtab + va->vna_name, argv[2]) == 0) {
                    found = 1;
                    if (!(va->vna_flags & VER_FLG_WEAK)) { va->vna_flags |= VER_FLG_WEAK; changed = 1; }
                }
                aux += va->vna_next;
            }
            need += vn->vn_next;
        }
    }
    if (!found) { fprintf(stderr, "%s: no version need named %s\n", argv[1], argv[2]); return 1; }
    if (changed) {
        fseek(f, 0, SEEK_SET);
        if (fwrite(data, 1, size, f) != (size_t)size) { fprintf(stderr, "%s: write failed\n", argv[1]); return 1; }
    }
    fclose(f);
    free(data);
    return 0;
}
