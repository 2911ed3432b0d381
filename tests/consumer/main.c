/* Installed-package consumer: links libliion and checks header == library version. */
#include <liion/liion.h>
#include <stdio.h>

int main(void)
{
    liion_ctx *ctx = NULL;
    if (liion_version_number() != LIION_VERSION_NUMBER)
        return 1;
    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;
    printf("consumer linked libliion %s, context holds %llu bytes\n", liion_version_string(),
           (unsigned long long)liion_ctx_memory_used(ctx));
    liion_ctx_free(ctx);
    return 0;
}
